import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import type { EngineCapabilities } from "@/lib/engine-capabilities";
import type { CacheSnapshot, InstanceSnapshot } from "@/lib/residency-snapshot";
import { copyPackages, createMmeEndpoint, putPackage, startBenchEngine } from "../engine/bench-endpoint";
import { REPO_ROOT } from "../engine/engine-process";
import { summarize } from "../engine/percentiles";
import { fmt, formatTable } from "../engine/report-table";
import { signedInvoker } from "../engine/warm-invoke";
import { zipfTrace } from "../engine/zipf";
import { signedGet } from "./signed-get";
import { BENCH_REQUEST, torchBenchPackage } from "./torch-package";

/** run.ts's options for this part, as parsed (strings where the user may leave them out). */
export type TraceArgs = {
  quick: boolean;
  copies?: string;
  "model-mb"?: string;
  requests?: string;
  "budget-fraction"?: string;
  concurrency?: string;
  "max-seconds"?: string;
  zipf?: string;
};

type Baseline = { torch: string; device: string; device_name: string; cuda: string | null; gpu_memory_bytes: number | null; raw_load_ms_p50: number; raw_forward_us_p50: number; raw_forward_us_p99: number };
type LoadEvent = InstanceSnapshot["recent"][number];

const MiB = 1024 * 1024;

/** The Zipf trace under memory pressure (the part `trace`): its figures, its table printed. */
export async function runTrace(python: string, work: string, args: TraceArgs, log: (msg: string) => void): Promise<Record<string, unknown>> {
  // The device decides the defaults: a GPU takes the 200 copies of a few hundred MB.
  const probeMb = 1;
  const probe = await makeModel(python, probeMb, join(work, "probe.pt"));
  const gpu = probe.device.startsWith("cuda");
  const quick = args.quick;
  const copies = Number(args.copies ?? (quick ? 16 : gpu ? 200 : 40));
  const modelMb = Number(args["model-mb"] ?? (quick ? 4 : gpu ? 256 : 16));
  const requests = Number(args.requests ?? (quick ? 400 : gpu ? 5000 : 2000));
  const fraction = Number(args["budget-fraction"]);
  const concurrency = Number(args.concurrency);
  const s = Number(args.zipf);

  log(`generating a ${modelMb} MiB TorchScript model with ${python} (${probe.device})`);
  const modelPath = join(work, "model.pt");
  const baseline = await makeModel(python, modelMb, modelPath);
  const fileBytes = statSync(modelPath).size;
  const pkg = torchBenchPackage(modelPath);
  // The cache reserves the file (plus 1 MiB on a GPU) per model; the budget holds `fraction` of all copies.
  const perModel = fileBytes + (gpu ? MiB : 0);
  const budget = Math.floor(fraction * copies * perModel);
  const disk = Math.max(4 * 1024 ** 3, Math.min(30 * 1024 ** 3, 2 * budget));
  log(`package ${fmt(pkg.length / MiB)} MiB; ${copies} copies, budget ${fmt(budget / MiB)} MiB (${fraction} of ${fmt((copies * perModel) / MiB)} MiB)`);

  const engine = await startBenchEngine({
    MME_ENGINE_INSTANCE_MEMORY_BYTES: String(budget),
    MME_ENGINE_INSTANCE_DISK_BYTES: String(disk),
    MME_ENGINE_PYTHON: python,
    MME_ENGINE_LOAD_WAIT_MS: "600000",
  });
  const invoker = signedInvoker({ url: engine.url, endpointName: "torch", targetModel: "m0.tar.gz", body: BENCH_REQUEST }, concurrency * 2);
  try {
    await createMmeEndpoint(engine, "torch", "t/");
    await putPackage(engine, "t/m0.tar.gz", pkg);
    await copyPackages(
      engine,
      Array.from({ length: copies - 1 }, (_, i) => ({ from: "t/m0.tar.gz", to: `t/m${i + 1}.tar.gz` })),
      4,
    );
    log("replaying the Zipf trace");
    const watch = watchEngine(engine.url);
    const trace = zipfTrace({ items: copies, requests, s, seed: 20_240_601 });
    const warmUs: number[] = [];
    const coldUs: number[] = [];
    let errors = 0;
    const errorSamples: string[] = [];
    let next = 0;
    const runStart = performance.now();
    const deadline = args["max-seconds"] ? runStart + Number(args["max-seconds"]) * 1000 : Infinity;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          if (performance.now() > deadline) return;
          const i = next++;
          if (i >= trace.length) return;
          const t = performance.now();
          for (;;) {
            const res = await invoker.send(`m${trace[i]}.tar.gz`).catch((e: unknown) => ({ status: 0, headers: {}, body: Buffer.from(String(e)) }));
            // 429: still loading for another request; retried as an SDK would.
            if (res.status === 429) {
              await new Promise((r) => setTimeout(r, 20));
              continue;
            }
            const us = (performance.now() - t) * 1000;
            if (res.status !== 200) {
              errors++;
              if (errorSamples.length < 5) errorSamples.push(`HTTP ${res.status}: ${res.body.toString("utf8").slice(0, 300)}`);
            } else if ((res.headers as Record<string, unknown>)["x-mme-model-cache"] === "hit") warmUs.push(us);
            else coldUs.push(us);
            break;
          }
          if (i % 500 === 0) log(`${i} / ${trace.length}`);
        }
      }),
    );
    const seconds = (performance.now() - runStart) / 1000;
    const sent = Math.min(next, trace.length);
    const seen = await watch.stop();
    // Warm latency with nothing else in the worker: in the trace, warm requests also queue
    // behind loads, since the worker serves one request at a time.
    const hottest = mostFrequent(trace);
    const isolatedUs: number[] = [];
    for (let i = 0; i < 320; i++) {
      const t = performance.now();
      const res = await invoker.send(`m${hottest}.tar.gz`);
      if (res.status !== 200) throw new Error(`warm invoke: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 300)}`);
      if (i >= 20) isolatedUs.push((performance.now() - t) * 1000);
    }
    const instance = seen.last!;
    const loadMs = seen.loads.map((e) => e.loadMs ?? e.durationMs ?? 0);
    const results = {
      parameters: { quick, copies, model_mb: modelMb, model_file_bytes: fileBytes, requests, zipf_s: s, concurrency, budget_bytes: budget, budget_fraction: fraction, disk_bytes: disk, max_seconds: args["max-seconds"] ? Number(args["max-seconds"]) : null },
      requests_sent: sent,
      torch: { python: python, version: baseline.torch, device: baseline.device, device_name: baseline.device_name, cuda: baseline.cuda, gpu_memory_bytes: baseline.gpu_memory_bytes },
      baseline: { raw_load_ms_p50: baseline.raw_load_ms_p50, raw_forward_us_p50: baseline.raw_forward_us_p50, raw_forward_us_p99: baseline.raw_forward_us_p99 },
      load_ms: summarize(loadMs),
      cold_invoke_ms: summarize(coldUs.map((u) => u / 1000)),
      warm_invoke_us: summarize(warmUs),
      warm_isolated_us: summarize(isolatedUs),
      loads: instance.counters.loads,
      evictions: instance.counters.evictions,
      disk_deletes: instance.counters.diskDeletes,
      hits: warmUs.length,
      misses: coldUs.length,
      errors,
      error_samples: errorSamples,
      seconds,
      peak_accounted_bytes: seen.peakAccounted,
      budget_exceeded: seen.peakAccounted > budget,
      peak_device_allocated_bytes: seen.peakAllocated ?? null,
      peak_device_reserved_bytes: seen.peakReserved ?? null,
      peak_worker_rss_bytes: seen.peakRss ?? null,
      memory_samples: seen.samples,
    };
    const rows = [
      ["figure", "value", "baseline (raw torch, same run)"],
      ["device", `${baseline.device} (${baseline.device_name})`, ""],
      ["copies x size", `${copies} x ${fmt(fileBytes / MiB)} MiB`, ""],
      ["requests sent / planned", `${sent} / ${trace.length}${sent < trace.length ? " (--max-seconds)" : ""}`, ""],
      ["load time p50 / p99 (ms)", `${fmt(results.load_ms.p50)} / ${fmt(results.load_ms.p99)}`, `torch.jit.load p50 ${fmt(baseline.raw_load_ms_p50)}`],
      ["cold invoke p50 / p99 (ms)", `${fmt(results.cold_invoke_ms.p50)} / ${fmt(results.cold_invoke_ms.p99)}`, ""],
      ["warm invoke in the trace p50 / p99 (us)", `${fmt(results.warm_invoke_us.p50, 0)} / ${fmt(results.warm_invoke_us.p99, 0)}`, ""],
      ["warm invoke alone p50 / p99 (us)", `${fmt(results.warm_isolated_us.p50, 0)} / ${fmt(results.warm_isolated_us.p99, 0)}`, `forward p50 ${fmt(baseline.raw_forward_us_p50, 0)} / p99 ${fmt(baseline.raw_forward_us_p99, 0)}`],
      ["hits / misses / evictions", `${results.hits} / ${results.misses} / ${results.evictions}`, ""],
      ["peak accounted / budget (MiB)", `${fmt(seen.peakAccounted / MiB)} / ${fmt(budget / MiB)}${results.budget_exceeded ? "  EXCEEDED" : ""}`, ""],
      ["peak device allocated / reserved (MiB)", seen.peakAllocated !== undefined ? `${fmt(seen.peakAllocated / MiB)} / ${fmt((seen.peakReserved ?? 0) / MiB)}` : "n/a (CPU)", ""],
      ["peak worker RSS (MiB)", seen.peakRss !== undefined ? fmt(seen.peakRss / MiB) : "n/a", ""],
      ["errors", String(errors), ""],
    ];
    console.log(formatTable(rows));
    return results;
  } finally {
    invoker.close();
    await engine.close();
  }
}

function mostFrequent(trace: Uint32Array): number {
  const counts = new Map<number, number>();
  for (const id of trace) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

function makeModel(python: string, mb: number, out: string): Promise<Baseline> {
  return new Promise((resolve, reject) => {
    execFile(python, [join(REPO_ROOT, "bench/torch/make-model.py"), "--mb", String(mb), "--out", out], { maxBuffer: 1024 * 1024, timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`make-model.py failed: ${stderr.slice(-2000) || err.message}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop()!) as Baseline);
    });
  });
}

/**
 * Polls the engine's residency route (every 100 ms: peak accounted memory, and every load event,
 * which the snapshot keeps the last 100 of) and its capabilities route (every second: the
 * worker's device memory). Sampling can miss a peak between polls; the cache's own invariant
 * (reservations never exceed the budget) is what guarantees it, this only reports it.
 */
function watchEngine(url: string) {
  let peakAccounted = 0;
  let peakAllocated: number | undefined;
  let peakReserved: number | undefined;
  let peakRss: number | undefined;
  let samples = 0;
  let last: InstanceSnapshot | undefined;
  const loads = new Map<string, LoadEvent>();
  let stopped = false;
  const residency = async () => {
    while (!stopped) {
      const snap = await signedGet<CacheSnapshot>(url, "/_mme/endpoints/torch/residency").catch(() => undefined);
      const inst = snap?.endpoints[0]?.instances[0];
      if (inst) {
        last = inst;
        samples++;
        peakAccounted = Math.max(peakAccounted, inst.memory.usedBytes);
        for (const e of inst.recent) if (e.kind === "load") loads.set(`${e.at}:${e.targetModel}`, e);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const device = async () => {
    while (!stopped) {
      const caps = await signedGet<EngineCapabilities>(url, "/_mme/capabilities").catch(() => undefined);
      for (const w of caps?.backends.find((b) => b.backend === "pytorch")?.workers ?? []) {
        const st = w.stats;
        if (st?.allocated !== undefined) peakAllocated = Math.max(peakAllocated ?? 0, st.allocated);
        if (st?.reserved !== undefined) peakReserved = Math.max(peakReserved ?? 0, st.reserved);
        if (st?.rss !== undefined) peakRss = Math.max(peakRss ?? 0, st.rss);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const running = Promise.all([residency(), device()]);
  return {
    async stop() {
      stopped = true;
      await running;
      // One last look, after the trace: the counters and the last loads.
      const snap = await signedGet<CacheSnapshot>(url, "/_mme/endpoints/torch/residency");
      last = snap.endpoints[0]!.instances[0]!;
      for (const e of last.recent) if (e.kind === "load") loads.set(`${e.at}:${e.targetModel}`, e);
      peakAccounted = Math.max(peakAccounted, last.memory.usedBytes);
      return { peakAccounted, peakAllocated, peakReserved, peakRss, samples, last, loads: [...loads.values()] };
    },
  };
}
