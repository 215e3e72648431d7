import { readFileSync } from "node:fs";
import { createMmeEndpoint, putPackage, startBenchEngine } from "./bench-endpoint";
import { BATCH_SIZE_SOURCE, batchesBetween, batchSizeReader } from "./batch-size-metric";
import { readMemory } from "./engine-process";
import { closedLoopThroughput } from "./load-loops";
import { MLP_MODEL, MLP_PACKAGES, mlpBatching, mlpReference } from "./mlp-fixture";
import { summarize } from "./percentiles";
import { openRawBatched } from "./raw-batched-onnx";
import { fmt, met } from "./report-table";
import { interleavedLatencies, signedInvoker } from "./warm-invoke";

export type BatchingParams = {
  concurrency: number;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  lone: { rounds: number; perRound: number; warmupPerRound: number };
};

type Target = { value: number; limit: number; met: boolean };

/** Targets: batched >= 2x unbatched, >= 0.7 of the in-process floor; a lone request <= 1.05 x (unbatched + delay). */
const BATCHING_TARGETS = { vsUnbatched: 2, vsFloor: 0.7, loneSlack: 1.05 };

const ENDPOINT = "batching";
const MODELS = { batched: "mlp-batched.tar.gz", unbatched: "mlp.tar.gz" };

/**
 * The dynamic batcher's worth, on its own engine: the MLP (mlp-fixture.ts) with dynamic batching
 * and the same model without, closed loops at `concurrency` alternating in the same rounds, and
 * in each round, right after the batched window, the in-process floor on batches of the mean size
 * that window formed (read from the engine's BatchSize metric). Then lone requests, one at a
 * time, to each model in interleaved rounds: what waiting for company costs a request that has none.
 */
export async function runBatchingCase(p: BatchingParams, log: (msg: string) => void) {
  const ref = mlpReference();
  const batching = mlpBatching();
  log(`batching: starting an engine with the MLP twice (dynamic batching on: max ${batching.maxBatchSize} rows, ${batching.maxQueueDelayUs} us delay; and off)`);
  const engine = await startBenchEngine();
  const metric = batchSizeReader(engine.url, ENDPOINT);
  const target = { url: engine.url, endpointName: ENDPOINT, body: ref.body };
  const batched = signedInvoker({ ...target, targetModel: MODELS.batched }, p.concurrency * 2);
  const unbatched = signedInvoker({ ...target, targetModel: MODELS.unbatched }, p.concurrency * 2);
  const raw = await openRawBatched(MLP_MODEL, { name: ref.inputName, row: ref.row }, batching.maxBatchSize);
  try {
    await createMmeEndpoint(engine, ENDPOINT, "b/");
    await putPackage(engine, `b/${MODELS.batched}`, new Uint8Array(readFileSync(MLP_PACKAGES.batched)));
    await putPackage(engine, `b/${MODELS.unbatched}`, new Uint8Array(readFileSync(MLP_PACKAGES.unbatched)));
    for (const inv of [batched, unbatched]) {
      const res = await inv.send();
      if (res.status !== 200) throw new Error(`first InvokeEndpoint of the MLP: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 500)}`);
      ref.checkResponse(res.body);
    }
    // Every answer of a concurrent burst is the request's own (batches of several rows, split back).
    for (const res of await Promise.all(Array.from({ length: p.concurrency }, () => batched.send()))) ref.checkResponse(res.body);
    const first = await raw.once();
    ref.checkOutput(first.data, first.dims);

    log(`batching: throughput at concurrency ${p.concurrency}, ${p.rounds} rounds of ${p.seconds} s: batched engine, in-process floor, unbatched engine`);
    const rounds: { batched_rps: number; unbatched_rps: number; raw_batched_rps: number; batches: number; batch_rows: number; mean_batch_size: number; completed: number }[] = [];
    const tally = { batched: { completed: 0, errors: 0, seconds: 0 }, unbatched: { completed: 0, errors: 0, seconds: 0 }, raw: { rows: 0, seconds: 0 } };
    let batches = 0;
    let batchRows = 0;
    for (let r = 0; r < p.rounds; r++) {
      await closedLoopThroughput(batched.op, p.concurrency, p.warmupSeconds * 1000);
      const before = await metric.read(MODELS.batched);
      const b = await closedLoopThroughput(batched.op, p.concurrency, p.seconds * 1000);
      const formed = batchesBetween(before, await metric.read(MODELS.batched));
      const floor = await raw.run(Number.isFinite(formed.mean) ? formed.mean : 1, p.seconds * 1000);
      await closedLoopThroughput(unbatched.op, p.concurrency, p.warmupSeconds * 1000);
      const u = await closedLoopThroughput(unbatched.op, p.concurrency, p.seconds * 1000);
      tally.batched.completed += b.completed;
      tally.batched.errors += b.errors;
      tally.batched.seconds += b.seconds;
      tally.unbatched.completed += u.completed;
      tally.unbatched.errors += u.errors;
      tally.unbatched.seconds += u.seconds;
      tally.raw.rows += floor.rows;
      tally.raw.seconds += floor.seconds;
      batches += formed.executions;
      batchRows += formed.rows;
      rounds.push({ batched_rps: b.rps, unbatched_rps: u.rps, raw_batched_rps: floor.rps, batches: formed.executions, batch_rows: formed.rows, mean_batch_size: formed.mean, completed: b.completed });
    }

    log(`batching: lone requests, one at a time, ${p.lone.rounds} rounds of ${p.lone.perRound} per model`);
    const lat = await interleavedLatencies({ unbatched: unbatched.op, batched: batched.op }, p.lone);
    const lone = { batched: summarize(lat.batched!), unbatched: summarize(lat.unbatched!) };

    const batchedRps = tally.batched.completed / tally.batched.seconds;
    const unbatchedRps = tally.unbatched.completed / tally.unbatched.seconds;
    const rawRps = tally.raw.rows / tally.raw.seconds;
    const meanBatch = batches > 0 ? batchRows / batches : Number.NaN;
    const loneLimit = BATCHING_TARGETS.loneSlack * (lone.unbatched.p50 + batching.maxQueueDelayUs);
    const targets: Record<string, Target> = {
      batched_throughput: { value: batchedRps / unbatchedRps, limit: BATCHING_TARGETS.vsUnbatched, met: batchedRps >= BATCHING_TARGETS.vsUnbatched * unbatchedRps },
      batched_throughput_vs_floor: { value: batchedRps / rawRps, limit: BATCHING_TARGETS.vsFloor, met: batchedRps >= BATCHING_TARGETS.vsFloor * rawRps },
      batching_lone_request: { value: lone.batched.p50, limit: loneLimit, met: lone.batched.p50 <= loneLimit },
    };
    const results = {
      batched_throughput_rps: batchedRps,
      unbatched_throughput_rps: unbatchedRps,
      raw_batched_rps: rawRps,
      batched_mean_batch_size: meanBatch,
      batch_size_source: BATCH_SIZE_SOURCE,
      batched_lone_p50_us: lone.batched.p50,
      unbatched_lone_p50_us: lone.unbatched.p50,
      batching: {
        model: "fixtures/models/onnx-mlp-batched.tar.gz vs onnx-mlp.tar.gz (scripts/fixtures/make-batching-fixtures.py): FP32 MLP 512 -> 7 x 2048 (MatMul + Relu) -> 16, one instance",
        max_batch_size: batching.maxBatchSize,
        max_queue_delay_us: batching.maxQueueDelayUs,
        instances: batching.instances,
        concurrency: p.concurrency,
        raw_batched_method: "in-process InferenceSession.run with the engine's SESSION_OPTIONS, one batch at a time, batch sizes mixing floor and ceil of the mean each batched window formed; inputs built beforehand",
        batches,
        batch_rows: batchRows,
        largest_batch: (await metric.read(MODELS.batched)).largest,
        batched_errors: tally.batched.errors,
        unbatched_errors: tally.unbatched.errors,
        rounds,
        lone_us: lone,
        lone_limit_us: loneLimit,
        engine_memory_mb: readMemory(engine.server.pid),
      },
    };
    const rows: string[][] = [
      [`batched_throughput_rps (c=${p.concurrency}, MLP, dynamic batching)`, fmt(batchedRps, 0), `${fmt(unbatchedRps, 0)} unbatched`, fmt(batchedRps / unbatchedRps, 2) + "x", `>= ${BATCHING_TARGETS.vsUnbatched}x`, met(targets.batched_throughput!.met)],
      ["batched_throughput_rps vs raw_batched_rps (in-process floor)", fmt(batchedRps, 0), `${fmt(rawRps, 0)} raw`, fmt(batchedRps / rawRps, 2) + "x", `>= ${BATCHING_TARGETS.vsFloor}x`, met(targets.batched_throughput_vs_floor!.met)],
      ["batched_mean_batch_size (BatchSize metric)", fmt(meanBatch, 2), `${batches} batches`, "", "", ""],
      [
        `batched_lone_p50_us (one at a time, delay ${batching.maxQueueDelayUs} us)`,
        fmt(lone.batched.p50, 0),
        `${fmt(lone.unbatched.p50, 0)} unbatched`,
        fmt(lone.batched.p50 / (lone.unbatched.p50 + batching.maxQueueDelayUs), 2) + "x",
        `<= ${BATCHING_TARGETS.loneSlack}x (unb.+delay)`,
        met(targets.batching_lone_request!.met),
      ],
    ];
    if (tally.batched.errors + tally.unbatched.errors > 0) rows.push(["batching errors (batched / unbatched)", `${tally.batched.errors} / ${tally.unbatched.errors}`, "", "", "", ""]);
    return { results, rows, targets };
  } finally {
    batched.close();
    unbatched.close();
    metric.close();
    await raw.close();
    await engine.close();
  }
}
