import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { instanceCount } from "@/lib/triton/instance-count";
import type { ModelConfig } from "@/lib/triton/model-config";
import { parseConfigPbtxt } from "@/lib/triton/parse-config-pbtxt";
import type { Tensor } from "@/lib/v2/tensor";
import type { LoadedModel, ModelVersionFiles } from "../model-backend";
import { onnxBackend, SESSION_OPTIONS } from "./onnx-backend";
import { loadOnnxInstances, type OnnxInstancesModel } from "./onnx-instances";
import { estimateOnnxMemoryBytes } from "./onnx-memory";
import { onnxThreadPool, OnnxThreadPool } from "./onnx-thread-pool";
import { dtypesModel, matmulChainModel } from "./onnx-test-models";

const ONNX_ADD = join(import.meta.dirname, "../../../../fixtures/models/src/onnx-add");
const root = mkdtempSync(join(tmpdir(), "onnx-instances-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ADD_CONFIG = readFileSync(join(ONNX_ADD, "config.pbtxt"), "utf8").replace(/instance_group[^\n]*\n/, "");

const DTYPES_CONFIG = `name: "dtypes"
backend: "onnxruntime"
max_batch_size: 0
input [
  { name: "A", data_type: TYPE_INT64, dims: [ -1 ] },
  { name: "S", data_type: TYPE_STRING, dims: [ -1 ] },
  { name: "B", data_type: TYPE_BOOL, dims: [ -1 ] },
  { name: "H", data_type: TYPE_FP16, dims: [ -1 ] }
]
output [
  { name: "SUM", data_type: TYPE_INT64, dims: [ -1 ] },
  { name: "TEXT", data_type: TYPE_STRING, dims: [ -1 ] },
  { name: "NOT", data_type: TYPE_BOOL, dims: [ -1 ] },
  { name: "HALF", data_type: TYPE_FP16, dims: [ -1 ] }
]
`;

const MATMUL_CONFIG = `name: "matmul"
backend: "onnxruntime"
max_batch_size: 0
`;

let folders = 0;

/** A model folder in the temp dir: config.pbtxt (with `group` appended) and 1/model.onnx. */
function modelFolder(configText: string, model: string | Uint8Array, group: string): { files: ModelVersionFiles; config: ModelConfig } {
  const dir = join(root, `m${folders++}`);
  mkdirSync(join(dir, "1"), { recursive: true });
  if (typeof model === "string") copyFileSync(model, join(dir, "1", "model.onnx"));
  else writeFileSync(join(dir, "1", "model.onnx"), model);
  const text = `${configText}\n${group}\n`;
  writeFileSync(join(dir, "config.pbtxt"), text);
  const parsed = parseConfigPbtxt(text);
  if (!parsed.config || parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => e.message).join("; "));
  const bytes = readdirSync(join(dir, "1")).reduce((sum, f) => sum + statSync(join(dir, "1", f)).size, 0);
  return { files: { modelDir: dir, version: 1, bytes }, config: parsed.config };
}

const COUNT = (n: number) => `instance_group [ { kind: KIND_CPU, count: ${n} } ]`;
const addFolder = (group: string, configText = ADD_CONFIG) => modelFolder(configText, join(ONNX_ADD, "1", "model.onnx"), group);

const fp32 = (name: string, shape: number[], values: number[]): Tensor => ({ name, datatype: "FP32", shape, data: Float32Array.from(values) });
const addInputs = (rows: number, seed: number): Tensor[] => [0, 1].map((k) => fp32(`INPUT${k}`, [rows, 4], Array.from({ length: rows * 4 }, (_, j) => ((seed * 31 + j * 7 + k * 5) % 17) / 4 - 2)));

const utf8 = new TextEncoder();
const dtypesInputs = (seed: number): Tensor[] => [
  { name: "A", datatype: "INT64", shape: [3], data: BigInt64Array.from([BigInt(seed), -2n, 9_007_199_254_740_993n]) },
  { name: "S", datatype: "BYTES", shape: [2], data: [utf8.encode(`row ${seed}`), utf8.encode("é ✓")] },
  { name: "B", datatype: "BOOL", shape: [4], data: Uint8Array.from([1, 0, seed % 2, 1]) },
  { name: "H", datatype: "FP16", shape: [2], data: Uint16Array.from([0x3c00, 0xc000 + seed]) },
];

/** Tensors as plain values, comparable with toEqual. */
const plain = (ts: Tensor[]) => ts.map((t) => ({ ...t, data: Array.isArray(t.data) ? t.data.map((b) => Array.from(b)) : Array.from(t.data as ArrayLike<unknown>) }));

/** Sessions held by the pool's threads now. */
async function poolSessions(pool: OnnxThreadPool): Promise<number> {
  const counts = await Promise.all(Array.from({ length: pool.size }, (_, k) => pool.threadAt(k)).map((t) => (t && !t.exited ? t.sessionCount() : 0)));
  return counts.reduce((a, b) => a + b, 0);
}

/** The error a promise rejects with, as comparable fields. */
async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as Error & { originalStatusCode?: number },
  );
  if (!err) throw new Error("expected a rejection");
  return { type: err.constructor.name, message: err.message, status: err.originalStatusCode };
}

/** OS threads of this process (Linux): worker threads are among them. */
const osThreads = () => readdirSync("/proc/self/task").length;

async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("onnxruntime models with several instances (instance_group count > 1)", () => {
  it("answer exactly as the single session does, FP32 (elementwise and MatMul) and INT64, BYTES, BOOL, FP16", async () => {
    const table: [config: string, model: string | Uint8Array, inputs: Tensor[][]][] = [
      [ADD_CONFIG, join(ONNX_ADD, "1", "model.onnx"), [addInputs(1, 1), addInputs(3, 2), addInputs(5, 3)]],
      [DTYPES_CONFIG, dtypesModel(), [dtypesInputs(1), dtypesInputs(2)]],
      [MATMUL_CONFIG, matmulChainModel(64, 6), [[fp32("X", [3, 64], Array.from({ length: 192 }, (_, i) => Math.sin(i)))]]],
    ];
    for (const [configText, model, inputs] of table) {
      const one = modelFolder(configText, model, COUNT(1));
      const two = modelFolder(configText, model, COUNT(2));
      const single = await onnxBackend.load(one.files, one.config);
      const double = (await onnxBackend.load(two.files, two.config)) as OnnxInstancesModel;
      try {
        expect("instanceRuns" in single).toBe(false);
        for (const input of inputs) {
          const want = plain(await single.infer(input));
          // Concurrently, so both instances answer.
          const got = await Promise.all([double.infer(input), double.infer(input), double.infer(input, [want[0]!.name])]);
          expect(plain(got[0])).toEqual(want);
          expect(plain(got[1])).toEqual(want);
          expect(plain(got[2])).toEqual([want[0]]);
        }
        expect(double.instanceRuns().every((n) => n > 0)).toBe(true);
      } finally {
        await single.unload();
        await double.unload();
      }
    }
  });

  it("leaves the caller's input arrays as they were (copied to the thread, not moved)", async () => {
    const { files, config } = addFolder(COUNT(2));
    const model = await onnxBackend.load(files, config);
    try {
      const body = new Float32Array(16).fill(1.5);
      const inputs = [
        { name: "INPUT0", datatype: "FP32" as const, shape: [2, 4], data: body.subarray(0, 8) },
        { name: "INPUT1", datatype: "FP32" as const, shape: [2, 4], data: body.subarray(8, 16) },
      ];
      await model.infer(inputs);
      expect(body.byteLength).toBe(64);
      expect(Array.from(inputs[0]!.data)).toEqual(new Array(8).fill(1.5));
    } finally {
      await model.unload();
    }
  });

  it("reserve and account each instance's session: twice the one-instance figures for count 2", async () => {
    const one = addFolder(COUNT(1));
    const two = addFolder(COUNT(2));
    const groups = addFolder("instance_group [ { kind: KIND_CPU, count: 1 }, { kind: KIND_CPU, count: 1 } ]");
    const none = addFolder("");
    expect(instanceCount(groups.config)).toBe(2);
    const perSession = estimateOnnxMemoryBytes(one.files.bytes);
    expect(await onnxBackend.estimateMemoryBytes!(one.files, one.config)).toBe(perSession);
    expect(await onnxBackend.estimateMemoryBytes!(none.files, none.config)).toBe(perSession);
    expect(await onnxBackend.estimateMemoryBytes!(two.files, two.config)).toBe(2 * perSession);
    expect(await onnxBackend.estimateMemoryBytes!(groups.files, groups.config)).toBe(2 * perSession);
    const single = await onnxBackend.load(one.files, one.config);
    const double = await onnxBackend.load(two.files, two.config);
    try {
      expect(double.memoryBytes).toBe(2 * single.memoryBytes);
      expect(double.memorySource).toBe("estimated");
    } finally {
      await single.unload();
      await double.unload();
    }
  });

  it("place a model's instances on distinct threads and hand each request to a free instance", async () => {
    const { files, config } = addFolder(COUNT(2));
    const model = (await onnxBackend.load(files, config)) as OnnxInstancesModel;
    try {
      const [t0, t1] = model.instanceThreads();
      expect(t0).toBeDefined();
      expect(t1).toBeDefined();
      expect(t0).not.toBe(t1);
      // Two at once: one on each instance.
      await Promise.all([model.infer(addInputs(2, 1)), model.infer(addInputs(2, 2))]);
      expect(model.instanceRuns()).toEqual([1, 1]);
      // One at a time: the first free instance (both are) takes each.
      await model.infer(addInputs(2, 3));
      await model.infer(addInputs(2, 4));
      expect(model.instanceRuns()).toEqual([3, 1]);
      // Many at once: from the one queue, each instance takes the next as it frees up.
      await Promise.all(Array.from({ length: 10 }, (_, i) => model.infer(addInputs(2, i))));
      const runs = model.instanceRuns();
      expect(runs[0]! + runs[1]!).toBe(14);
      expect(runs[1]).toBeGreaterThan(1);
    } finally {
      await model.unload();
    }
  });

  it("refuse bad input with the single session's errors, types and statuses", async () => {
    const one = addFolder(COUNT(1));
    const two = addFolder(COUNT(2));
    const single = await onnxBackend.load(one.files, one.config);
    const double = await onnxBackend.load(two.files, two.config);
    const [in0, in1] = addInputs(2, 1) as [Tensor, Tensor];
    const cases: { inputs: Tensor[]; outputs?: string[] }[] = [
      { inputs: [in0, { ...in1, name: "INPUT9" }] },
      { inputs: [in0] },
      { inputs: [in0, { ...in1, datatype: "FP64", data: new Float64Array(8) }] },
      { inputs: [in0, { ...in1, shape: [2, 2, 2] }] },
      { inputs: [in0, { ...in1, shape: [4, 2] }] },
      { inputs: [in0, { ...in1, datatype: "BF16", data: new Uint16Array(8) }] },
      // The data does not fill the shape: onnxruntime's Tensor refuses it.
      { inputs: [in0, { ...in1, shape: [3, 4] }] },
      // Rows that do not broadcast: onnxruntime's run fails (500).
      { inputs: [in0, addInputs(3, 1)[1]!] },
      { inputs: [in0, in1], outputs: ["NOPE"] },
    ];
    try {
      const seen = new Set<string>();
      for (const c of cases) {
        const want = await failure(single.infer(c.inputs, c.outputs));
        expect(await failure(double.infer(c.inputs, c.outputs))).toEqual(want);
        seen.add(`${want.type} ${want.status}`);
      }
      expect(seen).toEqual(new Set(["ModelInputError 400", "Error undefined", "ModelInputError 500"]));
    } finally {
      await single.unload();
      await double.unload();
    }
  });

  it("refuse to load as the single session does: a config the model disagrees with, a file that is not ONNX", async () => {
    const pool = onnxThreadPool();
    const before = pool.load();
    const cases = [
      (group: string) => addFolder(group, ADD_CONFIG.replace('name: "INPUT1"', 'name: "INPUT7"')),
      (group: string) => addFolder(group, ADD_CONFIG.replace(/TYPE_FP32/g, "TYPE_INT32")),
      (group: string) => modelFolder(ADD_CONFIG, Uint8Array.from([8, 1, 1]), group),
    ];
    for (const make of cases) {
      const one = make(COUNT(1));
      const two = make(COUNT(2));
      const want = await failure(onnxBackend.load(one.files, one.config));
      const got = await failure(onnxBackend.load(two.files, two.config));
      expect(want.type).toBe("ModelLoadError");
      // The message names the file, in its own folder: the rest is the same.
      expect(got).toEqual({ ...want, message: want.message.replaceAll(one.files.modelDir, two.files.modelDir) });
    }
    // Nothing stays placed, nothing stays loaded.
    expect(pool.load()).toEqual(before);
    expect(await poolSessions(pool)).toBe(0);
  });

  it("release every session on unload; a request after that fails cleanly", async () => {
    const pool = onnxThreadPool();
    const { files, config } = addFolder(COUNT(2));
    const before = await poolSessions(pool);
    const model = await onnxBackend.load(files, config);
    expect(await poolSessions(pool)).toBe(before + 2);
    // Unloaded while requests run and wait: those running finish, those waiting are refused.
    const requests = Array.from({ length: 4 }, (_, i) => model.infer(addInputs(1, i)).then(() => "ok", (e: Error) => e.message));
    await model.unload();
    expect(await Promise.all(requests)).toEqual(["ok", "ok", `model 'onnx-add' was unloaded while the request waited for an instance`, `model 'onnx-add' was unloaded while the request waited for an instance`]);
    expect(await poolSessions(pool)).toBe(before);
    expect(await failure(model.infer(addInputs(1, 1)))).toEqual({ type: "ModelInputError", message: "model 'onnx-add' is unloaded", status: 503 });
    await model.unload();
  });

  it("fail the requests on a thread that stops, and run the instance again on the thread that replaces it", async () => {
    const pool = new OnnxThreadPool({ size: 2 });
    const { files, config } = addFolder(COUNT(2));
    try {
      const model = await loadOnnxInstances({ pool, path: join(files.modelDir, "1", "model.onnx"), config, count: 2, sessionOptions: SESSION_OPTIONS, memoryBytes: 1 });
      const [t0, t1] = model.instanceThreads();
      pool.threadAt(0)!.crashForTest("boom");
      expect(pool.threadAt(0)!.id).toBe(t0);
      // Instance 0's request is queued behind the crash on its thread; instance 1's is not.
      const [first, second] = await Promise.allSettled([model.infer(addInputs(1, 1)), model.infer(addInputs(1, 2))]);
      expect(first.status).toBe("rejected");
      const err = (first as PromiseRejectedResult).reason as Error & { originalStatusCode: number };
      expect(err.name).toBe("ModelInputError");
      expect(err.originalStatusCode).toBe(500);
      expect(err.message).toBe(`model 'onnx-add' instance 0: onnxruntime thread ${t0} stopped before answering: it failed: boom; the instance starts again on a new thread for the next request`);
      expect(second.status).toBe("fulfilled");
      expect(model.instanceRuns()).toEqual([1, 1]);
      // The instance comes back on a new thread in the same place; the other keeps its own.
      const again = await Promise.all([model.infer(addInputs(1, 3)), model.infer(addInputs(1, 4))]);
      expect(plain(again[0])).toEqual(plain(await model.infer(addInputs(1, 3))));
      const [n0, n1] = model.instanceThreads();
      expect(n0).toBeDefined();
      expect(n0).not.toBe(t0);
      expect(n1).toBe(t1);
      expect(pool.liveThreads()).toBe(2);
      expect(await poolSessions(pool)).toBe(2);
      await model.unload();
      expect(await poolSessions(pool)).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it("keep its threads bounded over many loads and unloads, and stop them once idle", async () => {
    const shared = onnxThreadPool();
    const cycle = async () => {
      const { files, config } = addFolder(COUNT(3));
      const model = await onnxBackend.load(files, config);
      await Promise.all([model.infer(addInputs(1, 1)), model.infer(addInputs(1, 2))]);
      await model.unload();
    };
    await cycle();
    const threads = osThreads();
    for (let i = 0; i < 25; i++) await cycle();
    expect(shared.liveThreads()).toBeLessThanOrEqual(shared.size);
    expect(osThreads()).toBeLessThanOrEqual(threads);
    expect(await poolSessions(shared)).toBe(0);

    // A pool whose threads stop as soon as they hold nothing: back to the threads there were.
    const pool = new OnnxThreadPool({ size: 2, idleMs: 0 });
    const baseline = osThreads();
    const { files, config } = addFolder(COUNT(2));
    for (let i = 0; i < 5; i++) {
      const model = await loadOnnxInstances({ pool, path: join(files.modelDir, "1", "model.onnx"), config, count: 2, sessionOptions: SESSION_OPTIONS, memoryBytes: 1 });
      expect(pool.liveThreads()).toBe(2);
      expect(osThreads()).toBeGreaterThan(baseline);
      await model.infer(addInputs(1, i));
      await model.unload();
      await until(() => pool.liveThreads() === 0, "the idle threads to stop");
      await until(() => osThreads() <= baseline, "the OS threads to end");
    }
    await pool.close();
  });

  it("keep a model with one instance on the main thread: nothing placed on the pool", async () => {
    const pool = onnxThreadPool();
    const before = pool.load();
    for (const group of ["", COUNT(1)]) {
      const { files, config } = addFolder(group);
      const model: LoadedModel = await onnxBackend.load(files, config);
      expect("instanceRuns" in model).toBe(false);
      expect(pool.load()).toEqual(before);
      await model.unload();
    }
  });
});
