import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TorchWorkerStatus, WorkerStats } from "@/lib/engine-capabilities";
import { findWorkerPython, numpyOf, torchOf, type WorkerDiscovery } from "./find-torch-python";
import { TorchImportError, TorchSupervisor } from "./torch-supervisor";
import type { TorchReady, WorkerReady } from "./torch-worker-process";

const HERE = dirname(fileURLToPath(import.meta.url));
const WORKER_SCRIPT = join(HERE, "torch_worker.py");
/** python_model_host.py and stub/triton_python_backend_utils.py, which the worker imports for Python models. */
const PYTHON_BACKEND_DIR = join(HERE, "..", "python");
/** Starting Python, and separately importing torch and initialising CUDA, can take a while on a cold machine. */
const START_TIMEOUT_MS = 120_000;
/** GPU figures older than this are not reported (a worker that stopped answering). */
const STATS_MAX_AGE_MS = 60_000;

export type TorchStatus =
  | { available: true; python: string; executable: string; torchVersion: string; workers: TorchWorkerStatus[]; note: string }
  | { available: false; reason: string; python?: string };

/** Whether Python-backend models run: the worker's Python and its numpy, or why not. */
export type PythonModelsStatus = { available: true; python: string; executable: string; numpyVersion: string; note: string } | { available: false; reason: string; python?: string };

/** What GET /_mme/capabilities reports about the worker's two kinds of models. */
export type WorkerRuntimeStatus = { torch: TorchStatus; python: PythonModelsStatus };

/** What GPUUtilization and GPUMemoryUtilization are recorded from (undefined: no GPU in use). */
export type GpuSample = { memoryPercent: number; utilizationPercent: number | null };

/**
 * The Python worker for the whole process: which Python runs it, and one supervised worker per
 * device (the CPU, or each GPU). The first worker hosts every Python-backend model and TorchScript
 * models too; torch is imported in it with the first TorchScript model, and when torch sees
 * several GPUs one more worker starts per GPU. Process-wide on purpose: the backends are shared by
 * every engine in the process (MODEL_BACKENDS), and a GPU is one per machine anyway. An engine
 * attaches at start with its MME_ENGINE_PYTHON and detaches at close; the workers stop when the
 * last one leaves. An engine that names another Python replaces the workers; models loaded in the
 * old ones reload in the new ones on their next request.
 */
export class WorkerRuntime {
  private setting: string | undefined;
  private discovery: Promise<WorkerDiscovery> | undefined;
  private supervisors: TorchSupervisor[] = [];
  private attached = 0;
  /** Set when the probe found torch but the worker could not import it. */
  private torchFailure: string | undefined;
  /** Set when the probe found numpy but the worker could not import it. */
  private numpyFailure: string | undefined;
  private gpu: { at: number; sample: GpuSample } | undefined;
  private refreshing = false;

  constructor(private readonly log: (line: string) => void = (line) => console.error(`mme-engine: Python worker: ${line}`)) {}

  /** Looks for a Python now (logged when known) and keeps the workers until the returned detach. */
  attach(python: string | undefined): () => Promise<void> {
    this.attached++;
    if (this.discovery === undefined || python !== this.setting) {
      const replaced = this.supervisors;
      this.supervisors = [];
      if (replaced.length > 0) this.log(`another Python was configured (${python ?? "auto"}); restarting the workers`);
      void Promise.all(replaced.map((s) => s.stop().catch(() => undefined)));
      this.setting = python;
      this.torchFailure = undefined;
      this.numpyFailure = undefined;
      this.discovery = this.findAndAnnounce(python);
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

  /** Whether PyTorch and Python models can run, and on what; waits for discovery (not for a worker). */
  async status(): Promise<WorkerRuntimeStatus> {
    const found = await this.discover();
    const workers = await Promise.all(this.supervisors.map((s) => this.workerStatus(s)));
    return { torch: this.torchStatus(found, workers), python: this.pythonStatus(found) };
  }

  /**
   * The supervisor a new TorchScript model loads on, torch imported in it: the device holding the
   * fewest bytes. Throws TorchUnavailableError when there is no PyTorch.
   */
  async supervisorForTorch(): Promise<TorchSupervisor> {
    const torch = torchOf(await this.discover());
    if (!torch.found) throw new TorchUnavailableError(torch.reason);
    if (this.torchFailure) throw new TorchUnavailableError(this.torchFailure);
    const first = this.first(torch.python);
    try {
      await first.torchWorker();
    } catch (err) {
      // The probe found torch but the worker cannot import it (a broken install): say so as
      // "unavailable" from now on, rather than retrying an import that cannot succeed.
      if (err instanceof TorchImportError) {
        this.torchFailure = `${torch.executable} has a torch module that does not import (${err.message})`;
        this.log(`PyTorch not available: ${this.torchFailure}`);
        throw new TorchUnavailableError(this.torchFailure);
      }
      throw err;
    }
    return this.supervisors.reduce((best, s) => (s.loadedBytes < best.loadedBytes ? s : best), first);
  }

  /** The supervisor Python models load on (the first worker). Throws PythonUnavailableError without numpy. */
  async supervisorForPython(): Promise<TorchSupervisor> {
    const numpy = numpyOf(await this.discover());
    if (!numpy.found) throw new PythonUnavailableError(numpy.reason);
    if (this.numpyFailure) throw new PythonUnavailableError(this.numpyFailure);
    const first = this.first(numpy.python);
    const live = await first.worker();
    if (live.ready.numpy === null) {
      this.numpyFailure = `${numpy.executable} has a numpy module that does not import (${live.ready.numpyError ?? "no reason given"})`;
      this.log(`Python models not available: ${this.numpyFailure}`);
      throw new PythonUnavailableError(this.numpyFailure);
    }
    return first;
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
    const cuda = this.supervisors.filter((s) => s.lastTorch?.cuda && s.pid !== undefined);
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

  private torchStatus(found: WorkerDiscovery, workers: TorchWorkerStatus[]): TorchStatus {
    const torch = torchOf(found);
    if (!torch.found) return { available: false, reason: torch.reason };
    if (this.torchFailure) return { available: false, reason: this.torchFailure, python: torch.executable };
    const imported = this.supervisors.some((s) => s.lastTorch);
    return {
      available: true,
      python: torch.python,
      executable: torch.executable,
      torchVersion: torch.torchVersion,
      workers,
      note: imported ? "" : "torch is not imported yet: the first PyTorch model imports it (then CUDA is used when torch sees a GPU)",
    };
  }

  private pythonStatus(found: WorkerDiscovery): PythonModelsStatus {
    const numpy = numpyOf(found);
    if (!numpy.found) return { available: false, reason: numpy.reason };
    if (this.numpyFailure) return { available: false, reason: this.numpyFailure, python: numpy.executable };
    return {
      available: true,
      python: numpy.python,
      executable: numpy.executable,
      numpyVersion: numpy.numpyVersion,
      note:
        "Python models run in the engine's Python worker (the PyTorch worker's first process), each instance (instance_group's count) on its own thread, models at the same time " +
        "(a model that imports modules from its own folder runs one call at a time with other such models), on the CPU unless the model uses CUDA itself",
    };
  }

  /** The first worker's supervisor, made when there is none: it hosts Python models and the first device's TorchScript. */
  private first(python: string): TorchSupervisor {
    if (this.supervisors.length === 0) this.supervisors.push(this.supervisor(python, "auto"));
    return this.supervisors[0]!;
  }

  private discover(): Promise<WorkerDiscovery> {
    this.discovery ??= this.findAndAnnounce(this.setting);
    return this.discovery;
  }

  private async findAndAnnounce(python: string | undefined): Promise<WorkerDiscovery> {
    const found = await findWorkerPython(python);
    const torch = torchOf(found);
    const numpy = numpyOf(found);
    if (found.chosen) {
      const c = found.chosen;
      const skipped = found.probes.filter((p) => p !== c).map((p) => (p.ok ? `${p.python}: torch ${p.torch ?? "none"}, numpy ${p.numpy ?? "none"}` : `${p.python}: ${p.error}`));
      this.log(
        `${c.python} (${c.executable}, Python ${c.version}) runs the worker: torch ${c.torch ?? "none"}, numpy ${c.numpy ?? "none"}${skipped.length > 0 ? ` (also looked at ${skipped.join("; ")})` : ""}; it starts with the first PyTorch or Python model`,
      );
    }
    if (!torch.found) this.log(`PyTorch not available: ${torch.reason}. PyTorch models fail with ModelError 501; every other backend works.`);
    if (!numpy.found) this.log(`Python models not available: ${numpy.reason}. Python models fail with ModelError 501; every other backend works.`);
    return found;
  }

  private supervisor(python: string, device: string): TorchSupervisor {
    return new TorchSupervisor({
      // The command exactly as configured or found: a wrapper script (one that sets PYTHONPATH or
      // LD_LIBRARY_PATH, a pyenv shim) must run the worker too, not the interpreter it execs.
      python,
      script: WORKER_SCRIPT,
      pythonBackendDir: PYTHON_BACKEND_DIR,
      device,
      // One CPU worker serves every instance: a few intra-op threads, never every core (the
      // engine's own event loop and onnxruntime need them too).
      threads: Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))),
      startTimeoutMs: START_TIMEOUT_MS,
      log: this.log,
      onReady: (ready) => this.log(`worker pid ${ready.pid} ready (${ready.python}, Python ${ready.pythonVersion}, numpy ${ready.numpy ?? "none"})`),
      onTorch: (torch, ready) => this.onTorch(python, torch, ready),
    });
  }

  private onTorch(python: string, torch: TorchReady, ready: WorkerReady): void {
    const where = torch.cuda
      ? `${torch.device} (${torch.deviceName}, ${((torch.totalMemory ?? 0) / 1024 ** 3).toFixed(1)} GiB, CUDA ${torch.cuda})`
      : `the CPU (${torch.cudaAvailable ? "CUDA available but not used" : "no CUDA"})`;
    this.log(`worker pid ${ready.pid} imported torch ${torch.torch}: models go to ${where}`);
    // One worker per GPU: the first found how many there are.
    if (torch.cuda && torch.device === "cuda:0" && this.supervisors.length === 1) {
      for (let i = 1; i < torch.deviceCount; i++) this.supervisors.push(this.supervisor(python, `cuda:${i}`));
    }
  }

  private async workerStatus(s: TorchSupervisor): Promise<TorchWorkerStatus> {
    const t = s.lastTorch;
    const stats = await this.statsOf(s);
    return {
      device: s.device,
      deviceName: t?.deviceName ?? "",
      ...(s.pid !== undefined ? { pid: s.pid } : {}),
      cuda: t?.cuda ?? null,
      totalMemory: t?.totalMemory ?? null,
      ...(stats ? { stats } : {}),
    };
  }

  private async statsOf(s: TorchSupervisor): Promise<WorkerStats | undefined> {
    if (s.pid === undefined) return undefined;
    try {
      const live = await s.worker();
      const stats: Record<string, unknown> = { ...(await live.worker.request({ op: "stats" })).header };
      // The frame's own fields are not the worker's figures.
      delete stats.id;
      delete stats.ok;
      return stats as WorkerStats;
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

/** No Python with numpy: Python-backend models fail as a platform the engine cannot run (501). */
export class PythonUnavailableError extends Error {
  constructor(reason: string) {
    super(`Python models are not available to the local engine: ${reason}`);
    this.name = "PythonUnavailableError";
  }
}

/** The process's Python worker runtime (see WorkerRuntime); named for PyTorch, which it first served. */
export const TORCH_RUNTIME = new WorkerRuntime();
