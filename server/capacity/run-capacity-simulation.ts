import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { CandidateConfig, ConfigResult, ModelTraffic, SimulationOutcome } from "@/lib/capacity/capacity-types";
import { buildMinuteTraffic, type MinuteTraffic } from "@/lib/capacity/minute-traffic";
import { placeRequests } from "@/lib/capacity/poisson-placement";
import { configResult, modelTable, simulateConfig } from "@/lib/capacity/simulate-config";
import type { CapacityWorkerData, FromCapacityWorker, ToCapacityWorker } from "./capacity-worker-protocol";

export type CapacityProgress = { done: number; total: number };

export type CapacityRunInput = {
  models: readonly Pick<ModelTraffic, "name" | "memoryBytes" | "loadMs" | "calls">[];
  /** The range's length: the models' calls are by minute of it. */
  minutes: number;
  /**
   * buildMinuteTraffic(models, minutes), if the caller has it; else it is built here (in this
   * thread, while the workers start). Only this form crosses to the workers.
   */
  traffic?: MinuteTraffic;
  configs: readonly CandidateConfig[];
  seed: number;
};

export type CapacityRunOptions = {
  /** Worker threads; at most one per core (the default). 0 replays in this thread (tests). */
  workers?: number;
  onProgress?: (progress: CapacityProgress) => void;
  /** The worker's TypeScript entry; by default server/capacity/capacity-worker.ts under the working directory. */
  workerFile?: string;
};

/**
 * Replays the traffic through every configuration, off the calling thread: one worker per core
 * at most. The workers first place the requests (each a share of the minutes, into one shared
 * trace), then each is sent the next configuration when it finishes one; progress is reported
 * as each configuration completes. Results come back in the order of `configs`.
 *
 * The worker is a .ts file and Node 20 cannot run TypeScript itself: workerCode bundles it once
 * per process into one script, which each worker runs as it is.
 */
export async function runCapacitySimulation(input: CapacityRunInput, options: CapacityRunOptions = {}): Promise<ConfigResult[]> {
  const total = input.configs.length;
  const workers = Math.min(options.workers ?? availableParallelism(), availableParallelism(), total);
  const { outcomes, minutes } = workers <= 0 ? replayHere(input, options) : await replayInWorkers(input, workers, options);
  return input.configs.map((config, i) => configResult(config, outcomes[i]!, input.models, minutes));
}

function replayHere(input: CapacityRunInput, options: CapacityRunOptions) {
  const traffic = input.traffic ?? buildMinuteTraffic(input.models, input.minutes);
  const trace = placeRequests(traffic, input.seed);
  const models = modelTable(input.models);
  const outcomes = input.configs.map((config, i) => {
    const outcome = simulateConfig(trace, models, config);
    options.onProgress?.({ done: i + 1, total: input.configs.length });
    return outcome;
  });
  return { outcomes, minutes: traffic.minutes };
}

async function replayInWorkers(input: CapacityRunInput, count: number, options: CapacityRunOptions) {
  const code = await workerCode(options.workerFile ?? path.join(process.cwd(), "server/capacity/capacity-worker.ts"));
  // Started first: their start-up overlaps building the traffic.
  const pool = Array.from({ length: count }, () => new Worker(code, { eval: true }));
  // Terminated however this ends (a bad input throws while they start, too).
  try {
    const models = modelTable(input.models);
    const traffic = shareTraffic(input.traffic ?? buildMinuteTraffic(input.models, input.minutes));
    const n = traffic.totalRequests;
    const trace = { model: new Uint32Array(new SharedArrayBuffer(n * 4)), atMs: new Float64Array(new SharedArrayBuffer(n * 8)), minutes: traffic.minutes };
    const common = { traffic, seed: input.seed, bytes: shared(models.bytes, Float64Array), loadMs: shared(models.loadMs, Float64Array), trace };
    const total = input.configs.length;
    const outcomes: SimulationOutcome[] = new Array(total);
    // The fleets with the least memory miss the most and replay the slowest: sent first, so that
    // no worker is left with a slow one at the end while the other idles.
    const order = input.configs.map((_, i) => i).sort((a, b) => fleetBytes(input.configs[a]!) - fleetBytes(input.configs[b]!) || a - b);
    let next = 0;
    let done = 0;
    let placed = 0;
    const share = Math.ceil(traffic.minutes / count);
    pool.forEach((worker, k) => {
      const data: CapacityWorkerData = { ...common, from: Math.min(traffic.minutes, k * share), to: Math.min(traffic.minutes, (k + 1) * share) };
      worker.postMessage({ type: "init", data } satisfies ToCapacityWorker);
    });
    await new Promise<void>((resolve, reject) => {
      const send = (worker: Worker) => {
        if (next >= total) return;
        const index = order[next++]!;
        worker.postMessage({ type: "run", index, config: input.configs[index]! } satisfies ToCapacityWorker);
      };
      for (const worker of pool) {
        worker.on("message", (msg: FromCapacityWorker) => {
          if (msg.type === "failed") return reject(new Error(`simulating configuration ${msg.index + 1}: ${msg.message}`));
          if (msg.type === "placed") {
            // The trace is whole once every worker has placed its share of the minutes.
            if (++placed === count) for (const w of pool) send(w);
            return;
          }
          outcomes[msg.index] = msg.outcome;
          // Counted before reporting: `?.` skips its arguments, so `++done` inside them would not run without a listener.
          done++;
          options.onProgress?.({ done, total });
          if (done === total) resolve();
          else send(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (done < total) reject(new Error(`a capacity worker exited (code ${code}) before its work was done`));
        });
      }
    });
    return { outcomes, minutes: traffic.minutes };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

const bundles = new Map<string, Promise<string>>();

/**
 * The worker's entry and what it imports, bundled by esbuild into one CommonJS script (about
 * 50 ms, once per process and entry). Each worker once registered tsx and compiled the entry
 * itself: 0.35 s and 0.7 s of CPU for two workers, competing with the traffic being laid out on
 * a 2-core machine. esbuild is loaded with a require made at run time (a dependency, from the
 * working directory, which must be the repository, as for `@/` through its tsconfig.json), so
 * that Next's bundler leaves it alone in the console's server. Works the same under tsx, Vitest
 * and Next.
 */
function workerCode(entry: string): Promise<string> {
  let code = bundles.get(entry);
  if (!code) {
    const esbuild = createRequire(path.join(process.cwd(), "package.json"))("esbuild") as typeof import("esbuild");
    code = esbuild
      .build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", target: "node20", write: false, logLevel: "silent" })
      .then((out) => out.outputFiles[0]!.text);
    // A failed build is not kept: the next plan tries again.
    code.catch(() => bundles.delete(entry));
    bundles.set(entry, code);
  }
  return code;
}

function fleetBytes(config: CandidateConfig): number {
  return config.memoryBytes * config.count;
}

function shareTraffic(t: MinuteTraffic): MinuteTraffic {
  return { ...t, start: shared(t.start, Uint32Array), model: shared(t.model, Uint32Array), count: shared(t.count, Uint32Array) };
}

/** A copy on a SharedArrayBuffer: workers then read the one copy instead of each cloning it. */
function shared<T extends Float64Array | Uint32Array>(a: T, Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new Type(new SharedArrayBuffer(a.length * Type.BYTES_PER_ELEMENT));
  copy.set(a);
  return copy;
}
