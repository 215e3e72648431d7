import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ModelConfig } from "@/lib/triton/model-config";
import { parseConfigPbtxt } from "@/lib/triton/parse-config-pbtxt";
import type { Tensor } from "@/lib/v2/tensor";
import { waitFor } from "@/test/support/engine/start-test-engine";
import { NUMPY, SKIP_PYTHON } from "@/test/support/engine/python-backend";
import { ModelInputError, type LoadedModel, type ModelVersionFiles } from "../model-backend";
import { WorkerRuntime } from "../torch/torch-runtime";
import { createPythonBackend } from "./python-backend";

/**
 * One model.py for every test here, its behaviour per request from INPUT0[0]:
 *   0 answers OUTPUT0 = INPUT0, COUNT = how many requests execute() got, ID = the request's id;
 *   1 an error response for this request alone;
 *   3 raises in execute() (every request of the call fails);
 *   6 answers one response more than it got requests;
 *   7 waits on a Barrier(2) that every instance of the model shares, then answers as 0;
 *   8 logs `started <INPUT0[1]>`, waits until the file `gate` appears in the model's `dir`, logs
 *     `execute <INPUT0[1]>`, then answers as 0.
 * Both waits give up (raise) after config.pbtxt's `timeout` seconds.
 * initialize() and finalize() log the instance's name to `dir`/events.log.
 */
const MODEL = `
import builtins
import json
import os
import threading
import time

import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        self.args = args
        params = {k: v["string_value"] for k, v in json.loads(args["model_config"])["parameters"].items()}
        self.dir = params["dir"]
        self.log(f"initialize {args['model_instance_name']} device {args['model_instance_device_id']} kind {args['model_instance_kind']}")
        # Each instance has its own module object: the barrier lives where every instance finds it.
        key = "_mme_test_barrier_" + self.dir
        self.barrier = builtins.__dict__.setdefault(key, threading.Barrier(2, timeout=float(params["timeout"])))
        self.timeout = float(params["timeout"])
        self.thread = threading.get_ident()
        self.log_thread("initialize")

    def log_thread(self, phase):
        """Whether this call runs on the thread initialize() ran on (Triton's stub runs them all on one)."""
        with open(os.path.join(self.dir, "threads.log"), "a", encoding="utf-8") as f:
            f.write(f"{phase} {self.args['model_instance_name']} {threading.get_ident() == self.thread}\\n")

    def log(self, line):
        with open(os.path.join(self.dir, "events.log"), "a", encoding="utf-8") as f:
            f.write(line + "\\n")

    def wait_for_gate(self):
        gate = os.path.join(self.dir, "gate")
        deadline = time.monotonic() + self.timeout
        while not os.path.exists(gate):
            if time.monotonic() > deadline:
                raise TimeoutError("the gate never opened")
            time.sleep(0.01)

    def execute(self, requests):
        self.log_thread("execute")
        out = []
        for request in requests:
            x = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            mode = int(x.reshape(-1)[0])
            if mode == 1:
                out.append(pb_utils.InferenceResponse(error=pb_utils.TritonError(f"request {request.request_id()} refused", pb_utils.TritonError.INVALID_ARG)))
                continue
            if mode == 3:
                raise ValueError(f"execute exploded with {len(requests)} requests")
            if mode == 6:
                return [pb_utils.InferenceResponse([]) for _ in range(len(requests) + 1)]
            if mode == 7:
                self.barrier.wait()
            if mode == 8:
                self.log(f"started {int(x.reshape(-1)[1])}")
                self.wait_for_gate()
                self.log(f"execute {int(x.reshape(-1)[1])}")
            count = np.array([[len(requests)]] * x.shape[0], dtype=np.int32)
            rid = np.array([[request.request_id().encode("utf-8")]] * x.shape[0], dtype=np.object_)
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", x), pb_utils.Tensor("COUNT", count), pb_utils.Tensor("ID", rid)]))
        return out

    def finalize(self):
        self.log_thread("finalize")
        self.log(f"finalize {self.args['model_instance_name']}")
`;

/** OUTPUT0 = [helpers.OFFSET, helpers.lazy()], from the helpers.py beside it; TOP_LEVEL_IMPORT says whether model.py imports it at load. */
const SIBLING_MODEL = `
import time

import numpy as np
import triton_python_backend_utils as pb_utils
TOP_LEVEL_IMPORT


class TritonPythonModel:
    def execute(self, requests):
        import helpers
        time.sleep(0.002)
        return [pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", np.array([helpers.OFFSET, helpers.lazy()], dtype=np.float32))]) for _ in requests]
`;

const root = mkdtempSync(join(tmpdir(), "mme-python-instances-"));
const runtime = new WorkerRuntime(() => undefined);
const detach = runtime.attach(process.env.MME_ENGINE_PYTHON);
const backend = createPythonBackend(runtime);
const loaded: LoadedModel[] = [];

afterAll(async () => {
  await Promise.all(loaded.map((m) => m.unload().catch(() => undefined)));
  await detach();
});

type Model = { name: string; dir: string; files: ModelVersionFiles; config: ModelConfig };

/**
 * A model folder with MODEL, its config's instance_group as given; `dir` is where it logs and
 * looks for `gate`. `timeoutSeconds` bounds its waits (barrier, gate): a safety net well inside
 * the test's own timeout, so that a worker that serves one request at a time fails the test's
 * assertions rather than its timeout.
 */
function model(name: string, instanceGroup: string, timeoutSeconds = 10): Model {
  const dir = join(root, name);
  mkdirSync(join(dir, "1"), { recursive: true });
  writeFileSync(join(dir, "1", "model.py"), MODEL);
  writeFileSync(join(dir, "events.log"), "");
  const text = `name: "${name}"
backend: "python"
max_batch_size: 8
input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]
output [
  { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 4 ] },
  { name: "COUNT" data_type: TYPE_INT32 dims: [ 1 ] },
  { name: "ID" data_type: TYPE_STRING dims: [ 1 ] }
]
${instanceGroup}
parameters { key: "dir" value: { string_value: "${dir}" } }
parameters { key: "timeout" value: { string_value: "${timeoutSeconds}" } }
`;
  writeFileSync(join(dir, "config.pbtxt"), text);
  const parsed = parseConfigPbtxt(text);
  expect(parsed.errors).toEqual([]);
  return { name, dir, files: { modelDir: dir, version: 1, bytes: MODEL.length }, config: parsed.config! };
}

async function load(m: Model): Promise<LoadedModel> {
  const l = await backend.load(m.files, m.config);
  loaded.push(l);
  return l;
}

const input = (...row: number[]): Tensor[] => [{ name: "INPUT0", datatype: "FP32", shape: [1, 4], data: new Float32Array([...row, 0, 0, 0, 0].slice(0, 4)) }];
const events = (m: Model) => readFileSync(join(m.dir, "events.log"), "utf8").trim().split("\n").filter(Boolean);
const numbers = (t: Tensor | undefined) => Array.from(t!.data as Float32Array | Int32Array);
const text = (t: Tensor | undefined) => (t!.data as Uint8Array[]).map((b) => new TextDecoder().decode(b));
/** A promise's outcome once it settles, read without awaiting it. */
function track<T>(p: Promise<T>): { settled: () => boolean; done: Promise<T | Error> } {
  let settled = false;
  const done = p.then(
    (v) => ((settled = true), v),
    (e: unknown) => ((settled = true), e as Error),
  );
  return { settled: () => settled, done };
}

describe.skipIf(SKIP_PYTHON)(`Python model instances and concurrency in the worker (${NUMPY.found ? `numpy ${NUMPY.numpyVersion}` : "no numpy"})`, { timeout: 60_000 }, () => {
  it("answers another model while one model's execute() is still running", async () => {
    const slow = model("slow", "instance_group [ { count: 1 kind: KIND_CPU } ]");
    const fast = model("fast", "instance_group [ { count: 1 kind: KIND_CPU } ]");
    const [slowModel, fastModel] = [await load(slow), await load(fast)];
    const pending = track(slowModel.infer(input(8, 1)));
    // The slow request is inside execute() (it logged), and waits there for the gate.
    await waitFor(async () => events(slow), (e) => e.includes("started 1"));
    const out = await fastModel.infer(input(0, 5, 6, 7), undefined, { requestId: "fast-1" });
    expect(numbers(out[0])).toEqual([0, 5, 6, 7]);
    // A worker serving one request at a time could only have answered the fast model after the
    // slow one's execute() returned, which it cannot do before the gate opens.
    expect(pending.settled()).toBe(false);
    expect(events(slow)).not.toContain("execute 1");
    writeFileSync(join(slow.dir, "gate"), "");
    const slowOut = await pending.done;
    expect(slowOut).not.toBeInstanceOf(Error);
    expect(numbers((slowOut as Tensor[])[0])).toEqual([8, 1, 0, 0]);
  });

  it("runs config.pbtxt's instance count: two instances execute at once (they meet at a barrier), one cannot", async () => {
    const two = model("two", "instance_group [ { count: 2 kind: KIND_CPU } ]");
    const one = model("one", "instance_group [ { count: 1 kind: KIND_CPU } ]", 1);
    const [twoModel, oneModel] = [await load(two), await load(one)];
    const both = await Promise.all([twoModel.infer(input(7, 1)), twoModel.infer(input(7, 2))]);
    expect(both.map((o) => numbers(o[0]))).toEqual([
      [7, 1, 0, 0],
      [7, 2, 0, 0],
    ]);
    // One instance runs one execute() at a time: the first waits alone at the barrier until it
    // breaks, the second then finds it broken.
    const alone = await Promise.all([oneModel.infer(input(7, 1)).catch((e: unknown) => e), oneModel.infer(input(7, 2)).catch((e: unknown) => e)]);
    for (const err of alone) {
      expect(err).toBeInstanceOf(ModelInputError);
      expect((err as ModelInputError).message).toMatch(/^Failed to process the request\(s\) for model instance 'one_0_0', message: BrokenBarrierError \(at 1\/model\.py\(\d+\): execute\)$/);
      expect((err as ModelInputError).originalStatusCode).toBe(500);
    }
  });

  it("runs each instance's initialize(), execute() and finalize() on one thread of its own, as Triton's stub does", async () => {
    const m = model("threads", "instance_group [ { count: 2 kind: KIND_CPU } ]");
    const l = await load(m);
    await Promise.all(Array.from({ length: 8 }, (_, i) => l.infer(input(0, i))));
    await l.unload();
    const lines = readFileSync(join(m.dir, "threads.log"), "utf8").trim().split("\n");
    expect(lines.filter((x) => x.startsWith("initialize"))).toEqual(["initialize threads_0_0 True", "initialize threads_0_1 True"]);
    expect(lines.filter((x) => x.startsWith("execute")).length).toBeGreaterThan(0);
    expect(lines.filter((x) => x.startsWith("finalize")).sort()).toEqual(["finalize threads_0_0 True", "finalize threads_0_1 True"]);
    expect(lines.filter((x) => !x.endsWith(" True"))).toEqual([]);
  });

  it("initializes each instance with its own args: model_instance_name per group and index, the groups in model_config", async () => {
    const m = model("named", 'instance_group [ { count: 2 kind: KIND_CPU }, { name: "extra" count: 1 kind: KIND_CPU } ]');
    const l = await load(m);
    expect(events(m)).toEqual(["initialize named_0_0 device 0 kind CPU", "initialize named_0_1 device 0 kind CPU", "initialize extra_0 device 0 kind CPU"]);
    // Memory is measured per instance and summed: at least the floor of three instances.
    expect(l.memorySource).toBe("measured");
    expect(l.memoryBytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    expect(await backend.estimateMemoryBytes!(m.files, m.config)).toBe(3 * (MODEL.length + 4 * 1024 * 1024));
  });

  it("inferBatch calls execute() once with every request and gives each its own rows and id", async () => {
    const m = model("batch", "instance_group [ { count: 1 kind: KIND_CPU } ]");
    const l = await load(m);
    const out = await l.inferBatch!([0, 1, 2].map((i) => ({ inputs: input(0, i, i * 10, i * 100), outputs: undefined, requestId: `req-${i}` })));
    expect(out.map((o) => (o instanceof Error ? o.message : [numbers(o[0]), numbers(o[1]), text(o[2])]))).toEqual([
      [[0, 0, 0, 0], [3], ["req-0"]],
      [[0, 1, 10, 100], [3], ["req-1"]],
      [[0, 2, 20, 200], [3], ["req-2"]],
    ]);
    // Only the outputs each request asks for.
    const some = await l.inferBatch!([
      { inputs: input(0, 1), outputs: ["COUNT"] },
      { inputs: input(0, 2), outputs: ["OUTPUT0"] },
    ]);
    expect(some.map((o) => (o as Tensor[]).map((t) => t.name))).toEqual([["COUNT"], ["OUTPUT0"]]);
  });

  it("inferBatch: an error response fails only its request; an exception, or a response too many, fails every one", async () => {
    const m = model("batch-errors", "instance_group [ { count: 1 kind: KIND_CPU } ]");
    const l = await load(m);
    const batch = (modes: number[]) => l.inferBatch!(modes.map((mode, i) => ({ inputs: input(mode, i), outputs: undefined, requestId: `r${i}` })));
    const refused = await batch([0, 1, 0]);
    expect(refused[1]).toBeInstanceOf(ModelInputError);
    expect((refused[1] as ModelInputError).message).toBe("request r1 refused");
    expect((refused[1] as ModelInputError).originalStatusCode).toBe(400);
    expect([refused[0], refused[2]].map((o) => (o instanceof Error ? o.message : [numbers((o as Tensor[])[0]), numbers((o as Tensor[])[1])]))).toEqual([
      [[0, 0, 0, 0], [3]],
      [[0, 2, 0, 0], [3]],
    ]);

    const exploded = await batch([0, 3, 0]);
    for (const o of exploded) {
      expect(o).toBeInstanceOf(ModelInputError);
      expect((o as ModelInputError).message).toMatch(
        /^Failed to process the request\(s\) for model instance 'batch-errors_0_0', message: ValueError: execute exploded with 3 requests \(at 1\/model\.py\(\d+\): execute\)$/,
      );
      expect((o as ModelInputError).originalStatusCode).toBe(500);
    }

    const tooMany = await batch([0, 6, 0]);
    for (const o of tooMany) expect((o as Error).message).toMatch(/InferenceRequest\(s\) size is:3, and InferenceResponse\(s\) size is:4$/);

    // infer() is a batch of one through the same path: its error is thrown.
    await expect(l.infer(input(1), undefined, { requestId: "alone" })).rejects.toThrow(/^request alone refused$/);
    expect(numbers((await l.infer(input(0, 4)))[1])).toEqual([1]);
  });

  it("keeps models' own modules apart while they run at once: each answers from its own helpers.py, a model importing it only in execute() too", async () => {
    const sibling = (name: string, offset: number, topLevel: boolean, count: number) => {
      const dir = join(root, name);
      mkdirSync(join(dir, "1"), { recursive: true });
      writeFileSync(join(dir, "1", "model.py"), SIBLING_MODEL.replace("TOP_LEVEL_IMPORT", topLevel ? "from helpers import OFFSET  # noqa: F401" : ""));
      writeFileSync(join(dir, "1", "helpers.py"), `OFFSET = ${offset}\n\n\ndef lazy():\n    return ${offset * 10}\n`);
      const text = `name: "${name}"\nbackend: "python"\nmax_batch_size: 0\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 2 ] } ]\noutput [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 2 ] } ]\ninstance_group [ { count: ${count} kind: KIND_CPU } ]\n`;
      return backend.load({ modelDir: dir, version: 1, bytes: 0 }, parseConfigPbtxt(text).config!).then((l) => (loaded.push(l), l));
    };
    const models = [await sibling("sibling-1", 1, true, 2), await sibling("sibling-2", 2, true, 2), await sibling("sibling-lazy", 3, false, 1)];
    const ask = (m: LoadedModel) => m.infer([{ name: "INPUT0", datatype: "FP32", shape: [2], data: new Float32Array([0, 0]) }]).then((o) => numbers(o[0]));
    // Its first call, alone: helpers.py is imported inside execute(), then kept as the model's own.
    expect(await ask(models[2]!)).toEqual([3, 30]);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(models[i % 3]!)));
    expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => [i % 3 + 1, (i % 3 + 1) * 10]));
  });

  it("unloads after answering the requests already queued, then finalizes every instance", async () => {
    const m = model("unloaded", "instance_group [ { count: 1 kind: KIND_CPU } ]");
    const l = await backend.load(m.files, m.config);
    const requests = [1, 2, 3].map((i) => track(l.infer(input(8, i))));
    // The first is in execute(); the others wait in the model's queue behind it.
    await waitFor(async () => events(m), (e) => e.includes("started 1"));
    const unloading = track(l.unload());
    // The worker took the unload (the model is no longer listed) while the requests still wait.
    await waitFor(
      async () => {
        const stats = await runtime.running[0]!.worker().then((w) => w.worker.request({ op: "stats" }));
        return stats.header.models as number;
      },
      (n) => n === loaded.length,
    );
    expect(requests.map((r) => r.settled())).toEqual([false, false, false]);
    expect(unloading.settled()).toBe(false);
    writeFileSync(join(m.dir, "gate"), "");
    const outs = await Promise.all(requests.map((r) => r.done));
    expect(outs.map((o) => (o instanceof Error ? o.message : numbers(o[0])))).toEqual([
      [8, 1, 0, 0],
      [8, 2, 0, 0],
      [8, 3, 0, 0],
    ]);
    expect(await unloading.done).toBeUndefined();
    expect(events(m)).toEqual(["initialize unloaded_0_0 device 0 kind CPU", "started 1", "execute 1", "started 2", "execute 2", "started 3", "execute 3", "finalize unloaded_0_0"]);
    // A request after the unload is refused, saying why.
    await expect(l.infer(input(0))).rejects.toThrow(/is not loaded in this worker/);
  });
});
