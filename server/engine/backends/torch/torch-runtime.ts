import { availableParallelism } from "node:os";
import type { TorchWorkerStatus, WorkerStats } from "@/lib/engine-capabilities";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findTorchPython, type TorchDiscovery } from "./find-torch-python";
import { TorchSupervisor } from "./torch-supervisor";
import type { WorkerReady } from "./torch-worker-process";

const WORKER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "torch_worker.py");
/** Importing torch and initialising CUDA can take a while on a cold machine. */
const START_TIMEOUT_MS = 120_000;
/** GPU figures older than this are not reported (a worker that stopped answering). */
const STATS_MAX_AGE_MS = 60_000;


export type TorchStatus =
  | { available: true; python: string; executable: string; torchVersion: string; workers: TorchWorkerStatus[]; note: string }
  | { available: false; reason: string; python?: string };

/** What GPUUtilization and GPUMemoryUtilization are recorded from (undefined: no GPU in use). */
export type GpuSample = { memoryPercent: number; utilizationPercent: number | null };

/**
 * PyTorch for the whole process: which Python runs the workers, and one supervised worker per
 * device (the CPU, or each GPU). Process-wide on purpose: the backends are shared by every engine
 * in the process (MODEL_BACKENDS), and a GPU is one per machine anyway. An engine attaches at start
 * with its MME_ENGINE_PYTHON and detaches at close; the workers stop when the last one leaves.
 * An engine that names another Python replaces the workers; models loaded in the old ones
 * reload in the new ones on their next request.
 */
export class TorchRuntime {
  private setting: string | undefined;
  private discovery: Promise<TorchDiscovery> | undefined;
  private supervisors: TorchSupervisor[] = [];
  private attached = 0;
  /** Set when the probe found torch but the worker could not import it. */
  private workerFailure: string | undefined;
  private gpu: { at: number; sample: GpuSample } | undefined;
  private refreshing = false;

  constructor(private readonly log: (line: string) => void = (line) => console.error(`mme-engine: PyTorch: ${line}`)) {}

  /** Looks for PyTorch now (logged when known) and keeps the workers until the returned detach. */
  attach(python: string | undefined): () => Promise<void> {
    this.attached++;
    if (this.discovery === undefined || python !== this.setting) {
      const replaced = this.supervisors;
      this.supervisors = [];
      if (replaced.length > 0) this.log(`another Python was configured (${python ?? "auto"}); restarting the workers`);
      void Promise.all(replaced.map((s) => s.stop().catch(() => undefined)));
      this.setting = python;
      this.workerFailure = undefined;
      this.discovery = findTorchPython(python).then((found) => {
        this.announce(found);
        return found;
      });
    }
    let detached = false;
    return async () => {
      if (detached) return;
      detached = true;
      if (--this.attached > 0) return;
      const all = this.supervisors;
      this.supervisors = [];
      this.gpu = undefined;
      // Never rejects: the engine's close must go on to flush metrics and close its state.
      await Promise.all(all.map((s) => s.stop().catch(() => undefined)));
    };
  }

  /** Whether PyTorch models can run, and on what; waits for discovery (not for a worker). */
  async status(): Promise<TorchStatus> {
    const found = await this.discover();
    if (!found.found) return { available: false, reason: found.reason };
    if (this.workerFailure) return { available: false, reason: this.workerFailure, python: found.executable };
    const workers = await Promise.all(this.supervisors.map((s) => this.workerStatus(s)));
    const started = workers.length > 0;
    return {
      available: true,
      python: found.python,
      executable: found.executable,
      torchVersion: found.torchVersion,
      workers,
      note: started ? "" : "no worker yet: the first starts with the first PyTorch model (then CUDA is used when torch sees a GPU)",
    };
  }

  /**
   * The supervisor a new model loads on: the device holding the fewest bytes. Throws
   * TorchUnavailableError when there is no PyTorch.
   */
  async supervisorForLoad(): Promise<TorchSupervisor> {
    const found = await this.discover();
    if (!found.found) throw new TorchUnavailableError(found.reason);
    if (this.workerFailure) throw new TorchUnavailableError(this.workerFailure);
    if (this.supervisors.length === 0) this.supervisors.push(this.supervisor(found.executable, "auto"));
    const first = this.supervisors[0]!;
    try {
      await first.worker();
    } catch (err) {
      // The probe found torch but the worker cannot import it (a broken install): say so as
      // "unavailable" from now on, rather than retrying a start that cannot succeed.
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes("cannot import torch")) {
        this.workerFailure = `${found.executable} has a torch module that does not import (${message})`;
        this.log(`not available: ${this.workerFailure}`);
        throw new TorchUnavailableError(this.workerFailure);
      }
      throw err;
    }
    return this.supervisors.reduce((best, s) => (s.loadedBytes < best.loadedBytes ? s : best), first);
  }

  /** The supervisors running now (tests kill their workers). */
  get running(): readonly TorchSupervisor[] {
    return this.supervisors;
  }

  /**
   * The last GPU figures (undefined when no worker runs on a GPU), and a refresh for the next
   * call: the gauges sample synchronously, the workers answer asynchronously.
   */
  gpuSample(): GpuSample | undefined {
    const cuda = this.supervisors.filter((s) => s.lastReady?.cuda && s.pid !== undefined);
    if (cuda.length > 0 && !this.refreshing) {
      this.refreshing = true;
      void Promise.all(cuda.map((s) => this.statsOf(s)))
        .then((all) => {
          const got = all.filter((x): x is WorkerStats => x !== undefined && typeof x.total === "number" && x.total > 0);
          if (got.length === 0) return;
          const total = got.reduce((n, x) => n + x.total!, 0);
          const used = got.reduce((n, x) => n + (x.reserved ?? x.allocated ?? 0), 0);
          const utils = got.map((x) => x.utilization).filter((u): u is number => typeof u === "number");
          this.gpu = { at: Date.now(), sample: { memoryPercent: (used / total) * 100, utilizationPercent: utils.length > 0 ? utils.reduce((a, b) => a + b, 0) / utils.length : null } };
        })
        .finally(() => (this.refreshing = false));
    }
    if (cuda.length === 0 || !this.gpu || Date.now() - this.gpu.at > STATS_MAX_AGE_MS) return undefined;
    return this.gpu.sample;
  }

  private discover(): Promise<TorchDiscovery> {
    this.discovery ??= findTorchPython(this.setting).then((found) => {
      this.announce(found);
      return found;
    });
    return this.discovery;
  }

  private announce(found: TorchDiscovery): void {
    if (found.found) {
      const skipped = found.tried.length > 1 ? ` (${found.tried.slice(0, -1).join("; ")})` : "";
      this.log(`torch ${found.torchVersion} found with ${found.python} (${found.executable})${skipped}; a worker starts with the first PyTorch model`);
    } else {
      this.log(`not available: ${found.reason}. PyTorch models fail with ModelError 501; every other backend works.`);
    }
  }

  private supervisor(python: string, device: string): TorchSupervisor {
    return new TorchSupervisor({
      python,
      script: WORKER_SCRIPT,
      device,
      // One CPU worker serves every instance: a few intra-op threads, never every core (the
      // engine's own event loop and onnxruntime need them too).
      threads: Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))),
      startTimeoutMs: START_TIMEOUT_MS,
      log: this.log,
      onReady: (ready) => this.onReady(python, ready),
    });
  }

  private onReady(python: string, ready: WorkerReady): void {
    const where = ready.cuda
      ? `${ready.device} (${ready.deviceName}, ${((ready.totalMemory ?? 0) / 1024 ** 3).toFixed(1)} GiB, CUDA ${ready.cuda})`
      : `the CPU (${ready.cudaAvailable ? "CUDA available but not used" : "no CUDA"})`;
    this.log(`worker pid ${ready.pid} ready on ${where}, torch ${ready.torch}`);
    // One worker per GPU: the first found how many there are.
    if (ready.cuda && ready.device === "cuda:0" && this.supervisors.length === 1) {
      for (let i = 1; i < ready.deviceCount; i++) this.supervisors.push(this.supervisor(python, `cuda:${i}`));
    }
  }

  private async workerStatus(s: TorchSupervisor): Promise<TorchWorkerStatus> {
    const r = s.lastReady;
    const stats = await this.statsOf(s);
    return {
      device: s.device,
      deviceName: r?.deviceName ?? "",
      ...(s.pid !== undefined ? { pid: s.pid } : {}),
      cuda: r?.cuda ?? null,
      totalMemory: r?.totalMemory ?? null,
      ...(stats ? { stats } : {}),
    };
  }

  private async statsOf(s: TorchSupervisor): Promise<WorkerStats | undefined> {
    if (s.pid === undefined) return undefined;
    try {
      const live = await s.worker();
      return (await live.worker.request({ op: "stats" })).header as unknown as WorkerStats;
    } catch {
      return undefined;
    }
  }
}

/** No Python with PyTorch: PyTorch models fail as a platform the engine cannot run (501). */
export class TorchUnavailableError extends Error {
  constructor(reason: string) {
    super(`PyTorch is not available to the local engine: ${reason}`);
    this.name = "TorchUnavailableError";
  }
}

/** The process's PyTorch (see TorchRuntime). */
export const TORCH_RUNTIME = new TorchRuntime();
