import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { createMmeEndpoint, putPackage, startBenchEngine } from "../engine/bench-endpoint";
import { BATCH_SIZE_SOURCE, batchesBetween, batchSizeReader } from "../engine/batch-size-metric";
import { descendants, REPO_ROOT } from "../engine/engine-process";
import { closedLoopThroughput } from "../engine/load-loops";
import { mlpReference } from "../engine/mlp-fixture";
import { fmt } from "../engine/report-table";
import { signedInvoker } from "../engine/warm-invoke";
import { TORCH_MLP, torchMlpPackage } from "./mlp-package";
import { signedGet } from "./signed-get";

export type TorchBatchingParams = { concurrency: number; rounds: number; seconds: number; warmupSeconds: number };

/** Batched throughput >= this fraction of the worker's own forward() loop(s) on the batch sizes formed. */
const TORCH_VS_FLOOR = 0.7;

/** The worker's intra-op threads, as server/engine/backends/torch/torch-runtime.ts gives them. */
const WORKER_THREADS = Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));
const ENDPOINT = "torchbatch";
const MODELS = { batched: "mlp-batched.tar.gz", unbatched: "mlp.tar.gz" };
const SCRIPT = join(REPO_ROOT, "bench/torch/mlp-model.py");

type MadeModel = { torch: string; device: string; device_name: string; parameter_bytes: number; worst_relative_error: number };
type FloorRun = { threads: number; sizes: number[]; loops: Record<string, { rows: number; seconds: number; rows_per_second: number }> };

/**
 * Dynamic batching on the PyTorch worker: the engine bench's MLP as TorchScript (mlp-model.py
 * make), `instance_group [{ count: 2 }]`, with and without dynamic batching, closed loops at
 * `concurrency` alternating in the same rounds; then, the engine stopped, the floor measured by the
 * worker's own Python: forward() on batches of the mean size formed, with the worker's threads,
 * one loop and two at once (a copy each). Which the worker did, one request at a time or its two
 * instances at once, is read from the engine: the model's measured bytes against one copy's
 * parameters (a worker that honours the count loads a copy per instance).
 */
export async function runTorchBatching(python: string, work: string, p: TorchBatchingParams, log: (msg: string) => void) {
  const ref = mlpReference();
  const modelPath = join(work, "mlp.pt");
  log(`batching: writing the TorchScript MLP with ${python}`);
  const made = await pyJson<MadeModel>(python, ["make", "--reference", join(REPO_ROOT, "fixtures/models/onnx-mlp.reference.json"), "--out", modelPath]);
  const body = Buffer.from(JSON.stringify({ inputs: [{ name: "INPUT__0", datatype: "FP32", shape: [1, ref.row.length], data: Array.from(ref.row) }] }));
  const check = (res: { status: number; body: Buffer }) => {
    if (res.status !== 200) throw new Error(`InvokeEndpoint of the torch MLP: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 500)}`);
    const out = (JSON.parse(res.body.toString("utf8")) as { outputs: { name: string; shape: number[]; data: number[] }[] }).outputs.find((o) => o.name === "OUTPUT__0");
    if (!out) throw new Error(`no OUTPUT__0 in ${res.body.toString("utf8").slice(0, 300)}`);
    ref.checkOutput(out.data, out.shape);
  };

  const engine = await startBenchEngine({ MME_ENGINE_PYTHON: python, MME_ENGINE_LOAD_WAIT_MS: "600000" });
  const metric = batchSizeReader(engine.url, ENDPOINT);
  const target = { url: engine.url, endpointName: ENDPOINT, body };
  const batched = signedInvoker({ ...target, targetModel: MODELS.batched }, p.concurrency * 2);
  const unbatched = signedInvoker({ ...target, targetModel: MODELS.unbatched }, p.concurrency * 2);
  let engineSide;
  try {
    await createMmeEndpoint(engine, ENDPOINT, "tb/");
    await putPackage(engine, `tb/${MODELS.batched}`, torchMlpPackage(modelPath, "mlp-batched", true));
    await putPackage(engine, `tb/${MODELS.unbatched}`, torchMlpPackage(modelPath, "mlp", false));
    log("batching: loading both models in the worker");
    check(await batched.send());
    check(await unbatched.send());
    for (const res of await Promise.all(Array.from({ length: p.concurrency }, () => batched.send()))) check(res);

    log(`batching: throughput at concurrency ${p.concurrency}, ${p.rounds} rounds of ${p.seconds} s, batched and unbatched alternating`);
    const tally = { batched: { completed: 0, errors: 0, seconds: 0 }, unbatched: { completed: 0, errors: 0, seconds: 0 }, batches: 0, rows: 0 };
    const rounds = [];
    for (let r = 0; r < p.rounds; r++) {
      await closedLoopThroughput(batched.op, p.concurrency, p.warmupSeconds * 1000);
      const before = await metric.read(MODELS.batched);
      const b = await closedLoopThroughput(batched.op, p.concurrency, p.seconds * 1000);
      const formed = batchesBetween(before, await metric.read(MODELS.batched));
      await closedLoopThroughput(unbatched.op, p.concurrency, p.warmupSeconds * 1000);
      const u = await closedLoopThroughput(unbatched.op, p.concurrency, p.seconds * 1000);
      for (const [k, t] of [["batched", b], ["unbatched", u]] as const) {
        tally[k].completed += t.completed;
        tally[k].errors += t.errors;
        tally[k].seconds += t.seconds;
      }
      tally.batches += formed.executions;
      tally.rows += formed.rows;
      rounds.push({ batched_rps: b.rps, unbatched_rps: u.rps, batches: formed.executions, mean_batch_size: formed.mean });
    }
    const snapshot = await signedGet<CacheSnapshot>(engine.url, `/_mme/endpoints/${ENDPOINT}/residency`);
    const resident = snapshot.endpoints.flatMap((e) => e.instances.flatMap((i) => i.models)).find((m) => m.targetModel.endsWith(MODELS.batched));
    const pythonProcesses = descendants(engine.server.pid).length;
    engineSide = { tally, rounds, resident, pythonProcesses };
  } finally {
    batched.close();
    unbatched.close();
    metric.close();
    await engine.close();
  }

  const { tally, rounds, resident, pythonProcesses } = engineSide;
  const meanBatch = tally.batches > 0 ? tally.rows / tally.batches : Number.NaN;
  log(`batching: the floor, forward() in ${python} on batches of ${fmt(meanBatch, 2)} rows on average, ${WORKER_THREADS} thread(s), one loop and ${TORCH_MLP.instances} at once`);
  const floor = await pyJson<FloorRun>(python, [
    "floor",
    ...["--model", modelPath, "--mean", String(Number.isFinite(meanBatch) ? meanBatch : 1), "--max", String(TORCH_MLP.maxBatchSize)],
    ...["--threads", String(WORKER_THREADS), "--seconds", String(p.seconds), "--loops", `1,${TORCH_MLP.instances}`, "--width", String(TORCH_MLP.inputWidth)],
  ]);
  const batchedRps = tally.batched.completed / tally.batched.seconds;
  const unbatchedRps = tally.unbatched.completed / tally.unbatched.seconds;
  // A copy per instance when the worker honours instance_group's count; one when it serves the model one request at a time.
  const copies = resident && resident.memorySource === "measured" ? Math.round(resident.bytes / made.parameter_bytes) : undefined;
  const concurrent = copies !== undefined && copies >= TORCH_MLP.instances;
  const floorLoops = concurrent ? TORCH_MLP.instances : 1;
  const floorRps = floor.loops[String(floorLoops)]!.rows_per_second;
  const results = {
    batched_throughput_rps: batchedRps,
    unbatched_throughput_rps: unbatchedRps,
    raw_forward_rps: floorRps,
    raw_forward_loops: floorLoops,
    raw_forward_rps_by_loops: Object.fromEntries(Object.entries(floor.loops).map(([k, v]) => [k, v.rows_per_second])),
    batched_mean_batch_size: meanBatch,
    batch_size_source: BATCH_SIZE_SOURCE,
    worker_instances: {
      measured: copies === undefined ? "unknown (no measured bytes)" : concurrent ? `${copies} copies loaded: instances run at once` : `${copies} copy loaded: one request at a time`,
      resident_bytes: resident?.bytes ?? null,
      memory_source: resident?.memorySource ?? null,
      parameter_bytes: made.parameter_bytes,
      python_processes_under_engine: pythonProcesses,
      batched_vs_one_loop: batchedRps / floor.loops["1"]!.rows_per_second,
    },
    target: { value: batchedRps / floorRps, limit: TORCH_VS_FLOOR, met: batchedRps >= TORCH_VS_FLOOR * floorRps },
    config: { ...TORCH_MLP, concurrency: p.concurrency, worker_threads: WORKER_THREADS, threads_source: "max(1, min(4, floor(cores / 2))) as torch-runtime.ts starts the worker" },
    model: { ...made, widths: "512 -> 7 x 2048 (matmul + relu) -> 16, fixtures/models/onnx-mlp's weights" },
    floor,
    rounds,
    batches: tally.batches,
    batched_errors: tally.batched.errors,
    unbatched_errors: tally.unbatched.errors,
  };
  const rows = [
    ["figure", "value", "baseline", "ratio", "target"],
    [`batched_throughput_rps (c=${p.concurrency}, count 2, dynamic batching)`, fmt(batchedRps, 1), `${fmt(floorRps, 1)} forward() x${floorLoops}`, fmt(batchedRps / floorRps, 2) + "x", `>= ${TORCH_VS_FLOOR}x ${results.target.met ? "met" : "NOT met"}`],
    ["unbatched_throughput_rps (same model, no dynamic batching)", fmt(unbatchedRps, 1), "", fmt(batchedRps / unbatchedRps, 2) + "x", ""],
    ["batched_mean_batch_size (BatchSize metric)", fmt(meanBatch, 2), `${tally.batches} batches`, "", ""],
    ["forward() rows/s, 1 loop / 2 at once", `${fmt(floor.loops["1"]!.rows_per_second, 1)} / ${fmt(floor.loops[String(TORCH_MLP.instances)]!.rows_per_second, 1)}`, `${WORKER_THREADS} thread(s)`, "", ""],
    ["worker instances", results.worker_instances.measured, "", "", ""],
    ["errors (batched / unbatched)", `${tally.batched.errors} / ${tally.unbatched.errors}`, "", "", ""],
  ];
  return { results, rows };
}

function pyJson<T>(python: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(python, [SCRIPT, ...args], { maxBuffer: 1024 * 1024, timeout: 900_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`mlp-model.py ${args[0]} failed: ${stderr.slice(-2000) || err.message}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop()!) as T);
    });
  });
}
