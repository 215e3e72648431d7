import { afterEach, describe, expect, it, vi } from "vitest";
import type { QueuePolicy } from "@/lib/triton/model-config";
import { concatBatch, splitBatch } from "@/lib/v2/batch-tensors";
import type { Tensor } from "@/lib/v2/tensor";
import { seededUint32 } from "@/lib/capacity/seeded-random";
import { concatenating } from "./batched-model";
import { DynamicBatcher, type DynamicBatcherOptions } from "./dynamic-batcher";

/** A request of `rows` rows of width 2, every value naming its request and row: id * 1000 + row * 10 + column. */
function request(id: number, rows = 1, width = 2): Tensor[] {
  return [{ name: "X", datatype: "FP32", shape: [rows, width], data: Float32Array.from({ length: rows * width }, (_, k) => id * 1000 + Math.floor(k / width) * 10 + (k % width)) }];
}

/** A row-wise model: Y = X + 0.5, and the batch sizes it was run with. */
function rowWiseModel(opts: { hold?: () => Promise<void> } = {}) {
  const batches: number[] = [];
  const run = async (inputs: Tensor[]): Promise<Tensor[]> => {
    batches.push(inputs[0]!.shape[0]!);
    await (opts.hold?.() ?? new Promise<void>((r) => setImmediate(r)));
    const x = inputs[0]!;
    return [{ name: "Y", datatype: "FP32", shape: x.shape, data: (x.data as Float32Array).map((v) => v + 0.5) }];
  };
  return { run, batches };
}

type Run = (inputs: Tensor[], outputs: string[] | undefined) => Promise<Tensor[]>;

/** A batcher over a concatenating model (`run`), or over one that takes the batch as a list (`execute`). */
function batcher(o: Partial<Omit<DynamicBatcherOptions, "execute">> & ({ run: Run } | Pick<DynamicBatcherOptions, "execute">)): DynamicBatcher {
  const execute = "run" in o ? concatenating(o.run) : o.execute;
  return new DynamicBatcher({ model: "m", maxBatchSize: 8, preferredBatchSizes: [], maxQueueDelayMicroseconds: 0, instances: 1, ...o, execute });
}

/** A run that finishes when the test says so. */
function gate() {
  const waiting: (() => void)[] = [];
  return { hold: () => new Promise<void>((r) => waiting.push(r)), release: () => waiting.shift()?.(), pending: () => waiting.length };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

/**
 * One request sent alone (it runs, holding the model), then `rest` queued behind it; the gate is
 * opened once per batch until all are answered. Returns the batch sizes the model saw.
 */
async function batchesBehindOne(o: Partial<DynamicBatcherOptions>, rest: Tensor[][]): Promise<number[]> {
  const g = gate();
  const model = rowWiseModel({ hold: g.hold });
  const b = batcher({ run: model.run, ...o });
  const all = [b.infer(request(0))];
  await flush();
  all.push(...rest.map((inputs) => b.infer(inputs)));
  await flush();
  const done = Promise.all(all);
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    g.release();
    await flush();
    await flush();
  }
  await done;
  return model.batches;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("DynamicBatcher", () => {
  it("gives every caller exactly its own rows, over thousands of random arrivals of 1 to 3 rows", async () => {
    const random = seededUint32(19);
    const model = rowWiseModel();
    const b = batcher({ run: model.run, instances: 2, maxQueueDelayMicroseconds: 200, preferredBatchSizes: [4, 6] });
    const calls: Promise<void>[] = [];
    let totalRows = 0;
    for (let id = 0; id < 3000; id++) {
      const rows = 1 + (random() % 3);
      totalRows += rows;
      const input = request(id, rows);
      calls.push(
        b.infer(input).then(([y]) => {
          expect(y!.shape).toEqual([rows, 2]);
          expect([...(y!.data as Float32Array)]).toEqual([...(input[0]!.data as Float32Array)].map((v) => v + 0.5));
        }),
      );
      // Bursts and pauses: some requests arrive alone, some together.
      if (random() % 5 === 0) await new Promise((r) => setTimeout(r, random() % 2));
    }
    await Promise.all(calls);
    expect(model.batches.reduce((a, n) => a + n, 0)).toBe(totalRows);
    // Requests really were batched (not one run each), and no batch passed max_batch_size.
    expect(model.batches.length).toBeLessThan(3000);
    expect(Math.max(...model.batches)).toBeLessThanOrEqual(8);
  });

  it("with no delay, runs a request that arrives alone at once, and batches those that arrive while it runs", async () => {
    const g = gate();
    const model = rowWiseModel({ hold: g.hold });
    const b = batcher({ run: model.run });
    const first = b.infer(request(1));
    await flush();
    expect(model.batches).toEqual([1]);
    const rest = [2, 3, 4, 5, 6].map((id) => b.infer(request(id)));
    await flush();
    expect(b.queueDepth).toBe(5);
    g.release();
    await first;
    await flush();
    expect(model.batches).toEqual([1, 5]);
    g.release();
    await Promise.all(rest);
  });

  it("stops a batch before max_batch_size, and never splits a request", async () => {
    const batches = await batchesBehindOne({ maxBatchSize: 4 }, [2, 1, 2, 3].map((rows, i) => request(i + 1, rows)));
    // 2 + 1 fit (a third of 2 rows would pass 4), then 2, then 3.
    expect(batches).toEqual([1, 3, 2, 3]);
  });

  it("sends the largest preferred size reached at once, and the rest when the oldest has waited max_queue_delay", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const g = gate();
    const model = rowWiseModel({ hold: g.hold });
    const b = batcher({ run: model.run, preferredBatchSizes: [2, 4], maxQueueDelayMicroseconds: 100_000 });
    // A lone request waits for company (delay 100 ms), then goes alone.
    const lone = b.infer(request(0));
    await vi.advanceTimersByTimeAsync(99);
    expect(model.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.batches).toEqual([1]);
    // While it runs, five arrive: 4 (the largest preferred size) go as soon as it is done, the fifth waits its delay.
    const five = [1, 2, 3, 4, 5].map((id) => b.infer(request(id)));
    g.release();
    await lone;
    await vi.advanceTimersByTimeAsync(0);
    expect(model.batches).toEqual([1, 4]);
    g.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(model.batches).toEqual([1, 4]);
    await vi.advanceTimersByTimeAsync(100);
    expect(model.batches).toEqual([1, 4, 1]);
    g.release();
    await Promise.all(five);
  });

  it("keeps a delay under a millisecond as it is, instead of waiting for Node's millisecond timers", async () => {
    // Timers are faked and never advanced: a batch that waited on one would never go. The clock the
    // batcher reads is the test's.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let clock = 0;
    const model = rowWiseModel();
    const b = batcher({ run: model.run, preferredBatchSizes: [4], maxQueueDelayMicroseconds: 200, now: () => clock });
    const lone = b.infer(request(0));
    for (let i = 0; i < 5; i++) await flush();
    expect(model.batches).toEqual([]);
    clock = 0.15;
    for (let i = 0; i < 5; i++) await flush();
    expect(model.batches).toEqual([]);
    clock = 0.2;
    await flush();
    await flush();
    expect(model.batches).toEqual([1]);
    await expect(lone).resolves.toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("batches only requests of the same shapes and outputs", async () => {
    const batches = await batchesBehindOne({}, [request(1), request(2), request(3, 1, 3), request(4)]);
    // The width-3 request closes the batch before it; the one after it waits for the next.
    expect(batches).toEqual([1, 2, 1, 1]);
  });

  it("refuses a request when max_queue_size wait, and one past default_timeout_microseconds, in Triton's words", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const g = gate();
    const model = rowWiseModel({ hold: g.hold });
    const policy: QueuePolicy = { timeoutAction: "REJECT", defaultTimeoutMicroseconds: 50_000, allowTimeoutOverride: false, maxQueueSize: 2 };
    const b = batcher({ run: model.run, queuePolicy: policy });
    const running = b.infer(request(0));
    await vi.advanceTimersByTimeAsync(0);
    const queued = [b.infer(request(1)), b.infer(request(2))];
    const refused = b.infer(request(3));
    await expect(refused).rejects.toMatchObject({ name: "ModelInputError", message: "[request id: <id_unknown>] Exceeds maximum queue size", originalStatusCode: 400 });
    const outcomes = Promise.allSettled(queued);
    await vi.advanceTimersByTimeAsync(50);
    expect((await outcomes).map((o) => (o.status === "rejected" ? (o.reason as Error).message : "served"))).toEqual(["Request timeout expired", "Request timeout expired"]);
    expect(b.queueDepth).toBe(0);
    g.release();
    await running;
    // Room again.
    const after = b.infer(request(4));
    await vi.advanceTimersByTimeAsync(0);
    g.release();
    await expect(after).resolves.toHaveLength(1);
  });

  it("batches a request of no rows with others, taking one slot, and answers it with no rows", async () => {
    const g = gate();
    const model = rowWiseModel({ hold: g.hold });
    const b = batcher({ run: model.run });
    const first = b.infer(request(0));
    await flush();
    const empty = b.infer(request(1, 0));
    const two = b.infer(request(2, 2));
    await flush();
    g.release();
    await first;
    await flush();
    g.release();
    expect((await empty)[0]!.shape).toEqual([0, 2]);
    expect([...((await two)[0]!.data as Float32Array)]).toEqual([2000.5, 2001.5, 2010.5, 2011.5]);
    expect(model.batches).toEqual([1, 2]);
  });

  it("refuses a request of more rows than max_batch_size", async () => {
    const b = batcher({ run: rowWiseModel().run, maxBatchSize: 2 });
    await expect(b.infer(request(0, 3))).rejects.toThrow("inference request batch-size must be <= 2 for 'm'");
  });

  it("fails every request of a batch whose run fails, and goes on with the next", async () => {
    let fail = true;
    const b = batcher({
      run: async (inputs) => {
        await flush();
        if (fail) throw new Error("onnx runtime error: boom");
        return [{ ...inputs[0]!, name: "Y" }];
      },
    });
    const first = b.infer(request(0));
    const batch = [b.infer(request(1)), b.infer(request(2))];
    await expect(first).rejects.toThrow("boom");
    fail = false;
    await expect(Promise.all(batch)).resolves.toHaveLength(2);
  });
});

describe("the batch as a list, request ids and own timeouts", () => {
  afterEach(() => vi.useRealTimers());

  it("answers each request of a list with its own answer or its own error", async () => {
    const seen: (string | undefined)[][] = [];
    const g = gate();
    const b = batcher({
      execute: async (batch) => {
        seen.push(batch.map((r) => r.requestId));
        await g.hold();
        return batch.map((r) => (r.requestId === "bad" ? new Error("bad request") : [{ ...r.inputs[0]!, name: "Y" }]));
      },
    });
    const first = b.infer(request(0), undefined, { requestId: "a" });
    await flush();
    const rest = [b.infer(request(1), undefined, { requestId: "b" }), b.infer(request(2), undefined, { requestId: "bad" }), b.infer(request(3))];
    g.release();
    await first;
    await flush();
    g.release();
    const settled = await Promise.allSettled(rest);
    expect(seen).toEqual([["a"], ["b", "bad", undefined]]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("bad request");
    expect(((settled[2] as PromiseFulfilledResult<Tensor[]>).value[0]!.data as Float32Array)[0]).toBe(3000);
  });

  it("refuses what waits when closed, and every request after", async () => {
    const g = gate();
    const model = rowWiseModel({ hold: g.hold });
    const b = batcher({ run: model.run, maxQueueDelayMicroseconds: 100_000 });
    const waiting = b.infer(request(0));
    b.close(new Error("unloaded"));
    await expect(waiting).rejects.toThrow("unloaded");
    await expect(b.infer(request(1))).rejects.toThrow("unloaded");
    expect(model.batches).toEqual([]);
  });

  it("fails a request the model left unanswered instead of leaving it waiting", async () => {
    const b = batcher({ execute: async (batch) => batch.slice(1).map((r) => r.inputs) });
    await expect(b.infer(request(0), undefined, { requestId: "x" })).rejects.toThrow("[request id: x] the model answered 0 of the batch's 1 requests");
  });

  it("names the request in the queue's refusals, as Triton's LogRequest does", async () => {
    const g = gate();
    const b = batcher({ run: rowWiseModel({ hold: g.hold }).run, queuePolicy: { timeoutAction: "REJECT", defaultTimeoutMicroseconds: 0, allowTimeoutOverride: false, maxQueueSize: 1 } });
    const running = b.infer(request(0));
    await flush();
    const queued = b.infer(request(1));
    await expect(b.infer(request(2), undefined, { requestId: "req-7" })).rejects.toThrow(/^\[request id: req-7\] Exceeds maximum queue size$/);
    g.release();
    await running;
    await flush();
    g.release();
    await queued;
  });

  it("takes a request's own timeout only when the policy allows it and it is shorter", async () => {
    vi.useFakeTimers();
    const timed = (allowTimeoutOverride: boolean): QueuePolicy => ({ timeoutAction: "REJECT", defaultTimeoutMicroseconds: 50_000, allowTimeoutOverride, maxQueueSize: 0 });
    for (const allow of [true, false]) {
      const g = gate();
      const b = batcher({ run: rowWiseModel({ hold: g.hold }).run, queuePolicy: timed(allow) });
      const running = b.infer(request(0));
      await vi.advanceTimersByTimeAsync(0);
      const outcomes: string[] = [];
      const track = (name: string, p: Promise<unknown>) => p.then(() => outcomes.push(`${name} ok`), (e: Error) => outcomes.push(`${name} ${e.message}`));
      // Queued in this order: a long own timeout (ignored: longer than the default), a short one, none.
      const all = [track("long", b.infer(request(1), undefined, { timeoutMicroseconds: 90_000 })), track("short", b.infer(request(2), undefined, { timeoutMicroseconds: 10_000 })), track("none", b.infer(request(3)))];
      await vi.advanceTimersByTimeAsync(20);
      expect(outcomes).toEqual(allow ? ["short Request timeout expired"] : []);
      await vi.advanceTimersByTimeAsync(40);
      expect(outcomes.sort()).toEqual(["long Request timeout expired", "none Request timeout expired", "short Request timeout expired"]);
      g.release();
      await running;
      await Promise.all(all);
    }
  });
});

describe("concatBatch and splitBatch", () => {
  it("round-trip every kind of data, BYTES and 64-bit integers included", () => {
    const a: Tensor[] = [
      { name: "S", datatype: "BYTES", shape: [1, 2], data: [Uint8Array.of(1), Uint8Array.of(2, 3)] },
      { name: "I", datatype: "INT64", shape: [1, 1], data: BigInt64Array.of(-5n) },
    ];
    const b: Tensor[] = [
      { name: "I", datatype: "INT64", shape: [2, 1], data: BigInt64Array.of(7n, 9n) },
      { name: "S", datatype: "BYTES", shape: [2, 2], data: [Uint8Array.of(4), Uint8Array.of(), Uint8Array.of(5), Uint8Array.of(6)] },
    ];
    const batch = concatBatch([a, b]);
    expect(batch.map((t) => [t.name, t.shape])).toEqual([
      ["S", [3, 2]],
      ["I", [3, 1]],
    ]);
    expect([...(batch[1]!.data as BigInt64Array)]).toEqual([-5n, 7n, 9n]);
    const [ra, rb] = splitBatch(batch, [1, 2]);
    expect(ra).toEqual(a);
    expect(rb!.find((t) => t.name === "I")).toEqual(b[0]);
    expect(rb!.find((t) => t.name === "S")).toEqual(b[1]);
  });

  it("refuses outputs whose rows are not the batch's", () => {
    expect(() => splitBatch([{ name: "Y", datatype: "FP32", shape: [2], data: new Float32Array(2) }], [1, 2])).toThrow("the model's output Y has 2 rows for a batch of 3");
  });
});
