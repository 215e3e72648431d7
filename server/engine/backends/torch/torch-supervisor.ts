import { WorkerExitedError, WorkerProcess, WorkerRequestError, type TorchReady, type WorkerReady, type WorkerStartOptions } from "./torch-worker-process";

/** A worker's start options (`device`: `auto` for the first worker, then `cuda:N`), and who hears it is ready. */
export type SupervisorOptions = WorkerStartOptions & {
  onReady?: (ready: WorkerReady) => void;
  /** Once per worker life, when torch is imported in it. */
  onTorch?: (torch: TorchReady, ready: WorkerReady) => void;
};

/** A live worker and which start of it this is: models loaded in an older one are gone. */
export type LiveWorker = { worker: WorkerProcess; generation: number; ready: WorkerReady; torch?: TorchReady };

/** torch is not there, or does not import, in the worker's Python: PyTorch models cannot run on it. */
export class TorchImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TorchImportError";
  }
}

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/**
 * Keeps one worker running for one device. A worker that crashes is restarted at once, so the
 * next request finds it ready; the models it held are reloaded by their handles on next use
 * (generation changes). A worker that fails to start (a Python that is gone, a bad device) is
 * retried with a doubling back-off, and requests in between fail fast with its reason instead of
 * each paying for a Python start. torch is imported in a worker only when a TorchScript model
 * needs it (`torchWorker`), once per life of the worker.
 */
export class TorchSupervisor {
  private live: LiveWorker | undefined;
  private starting: Promise<LiveWorker> | undefined;
  private torchStarting: { live: LiveWorker; done: Promise<TorchReady> } | undefined;
  private generation = 0;
  private startFailures = 0;
  private retryAt = 0;
  private lastFailure = "";
  private stopped = false;
  /** The last torch a worker of this supervisor reported (its device stays this supervisor's). */
  private torchSeen: TorchReady | undefined;
  /** Bytes of the models this worker holds as the engine accounts them (device choice). */
  loadedBytes = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** `cpu` or `cuda:N` once torch chose; before, the device asked for (`auto` reads as the CPU). */
  get device(): string {
    return this.torchSeen?.device ?? (this.opts.device === "auto" ? "cpu" : this.opts.device);
  }

  /** The running worker's pid (tests kill it). */
  get pid(): number | undefined {
    return this.live?.worker.alive ? this.live.worker.pid : undefined;
  }

  /** The last worker that answered `ready`, even if it has since died. */
  get lastReady(): WorkerReady | undefined {
    return this.live?.ready;
  }

  /** What torch said in the last worker that imported it (undefined: no TorchScript model ran here yet). */
  get lastTorch(): TorchReady | undefined {
    return this.torchSeen;
  }

  /** The running worker, started (or restarted) when there is none. */
  async worker(): Promise<LiveWorker> {
    if (this.stopped) throw new WorkerExitedError(`the ${this.torchSeen ? "PyTorch" : "Python"} worker (${this.device}) is stopped: the engine is shutting down`);
    if (this.live?.worker.alive) return this.live;
    if (this.starting) return this.starting;
    if (this.startFailures > 0 && Date.now() < this.retryAt) {
      throw new WorkerExitedError(`the ${this.torchSeen ? "PyTorch" : "Python"} worker (${this.device}) failed to start: ${this.lastFailure} (retrying in ${Math.ceil((this.retryAt - Date.now()) / 1000)} s)`);
    }
    this.starting = this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /**
   * The running worker with torch imported in it: asks it to import torch (and choose its device)
   * the first time in each life. Throws TorchImportError when torch does not import, and kills a
   * worker whose import does not finish within the start timeout (a hung CUDA initialisation).
   */
  async torchWorker(): Promise<LiveWorker & { torch: TorchReady }> {
    const live = await this.worker();
    if (!live.torch) {
      if (this.torchStarting?.live !== live) {
        const done = this.importTorch(live);
        this.torchStarting = { live, done };
        // A failed import may be asked again (a new worker, or the runtime's own verdict first).
        done.catch(() => {
          if (this.torchStarting?.done === done) this.torchStarting = undefined;
        });
      }
      await this.torchStarting.done;
    }
    return live as LiveWorker & { torch: TorchReady };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.live?.worker.stop();
  }

  private async importTorch(live: LiveWorker): Promise<TorchReady> {
    const timer = setTimeout(() => live.worker.fail(`did not import torch within ${this.opts.startTimeoutMs} ms`), this.opts.startTimeoutMs);
    timer.unref();
    let h;
    try {
      h = (await live.worker.request({ op: "torch" })).header;
    } catch (err) {
      if (err instanceof WorkerRequestError && err.kind === "torch") throw new TorchImportError(err.message);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const torch: TorchReady = {
      torch: String(h.torch),
      device: String(h.device),
      cuda: typeof h.cuda === "string" ? h.cuda : null,
      cudaAvailable: h.cuda_available === true,
      deviceCount: Number(h.device_count ?? 0),
      deviceName: String(h.device_name ?? ""),
      totalMemory: typeof h.total_memory === "number" ? h.total_memory : null,
    };
    live.torch = torch;
    live.worker.torchInfo = torch;
    this.torchSeen = torch;
    this.opts.onTorch?.(torch, live.ready);
    return torch;
  }

  private async start(): Promise<LiveWorker> {
    // A restarted worker keeps the device torch chose in the one before it.
    const device = this.torchSeen?.device ?? this.opts.device;
    const worker: WorkerProcess = new WorkerProcess({ ...this.opts, device, log: (line) => this.opts.log(`[${worker.label}] ${line}`) });
    let ready: WorkerReady;
    try {
      ready = await worker.ready;
    } catch (err) {
      this.startFailures++;
      this.retryAt = Date.now() + Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (this.startFailures - 1));
      this.lastFailure = err instanceof Error ? err.message : String(err);
      this.opts.log(`worker did not start: ${this.lastFailure}`);
      throw err;
    }
    this.startFailures = 0;
    const live: LiveWorker = { worker, generation: ++this.generation, ready };
    this.live = live;
    this.opts.onReady?.(ready);
    void worker.exited.then((why) => {
      if (this.stopped || this.live !== live) return;
      this.opts.log(`worker pid ${ready.pid} ${why}; restarting it (its models reload on their next request)`);
      this.worker().catch(() => undefined);
    });
    return live;
  }
}
