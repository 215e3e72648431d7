import { TorchWorkerProcess, WorkerExitedError, type WorkerReady, type WorkerStartOptions } from "./torch-worker-process";

/** A worker's start options (`device`: `auto` for the first worker, then `cuda:N`), and who hears it is ready. */
export type SupervisorOptions = WorkerStartOptions & { onReady?: (ready: WorkerReady) => void };

/** A live worker and which start of it this is: models loaded in an older one are gone. */
export type LiveWorker = { worker: TorchWorkerProcess; generation: number; ready: WorkerReady };

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/**
 * Keeps one worker running for one device. A worker that crashes is restarted at once, so the
 * next request finds it ready; the models it held are reloaded by their handles on next use
 * (generation changes). A worker that fails to start (no torch, a bad device) is retried with a
 * doubling back-off, and requests in between fail fast with its reason instead of each paying
 * for a Python start.
 */
export class TorchSupervisor {
  private live: LiveWorker | undefined;
  private starting: Promise<LiveWorker> | undefined;
  private generation = 0;
  private startFailures = 0;
  private retryAt = 0;
  private lastFailure = "";
  private stopped = false;
  /** Bytes of the models this worker holds as the engine accounts them (device choice). */
  loadedBytes = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  get device(): string {
    return this.live?.ready.device ?? this.opts.device;
  }

  /** The running worker's pid (tests kill it). */
  get pid(): number | undefined {
    return this.live?.worker.alive ? this.live.worker.pid : undefined;
  }

  /** The last worker that answered `ready`, even if it has since died. */
  get lastReady(): WorkerReady | undefined {
    return this.live?.ready;
  }

  /** The running worker, started (or restarted) when there is none. */
  async worker(): Promise<LiveWorker> {
    if (this.stopped) throw new WorkerExitedError(`the PyTorch worker (${this.device}) is stopped: the engine is shutting down`);
    if (this.live?.worker.alive) return this.live;
    if (this.starting) return this.starting;
    if (this.startFailures > 0 && Date.now() < this.retryAt) {
      throw new WorkerExitedError(`the PyTorch worker (${this.device}) failed to start: ${this.lastFailure} (retrying in ${Math.ceil((this.retryAt - Date.now()) / 1000)} s)`);
    }
    this.starting = this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.live?.worker.stop();
  }

  private async start(): Promise<LiveWorker> {
    const device = this.live?.ready.device ?? this.opts.device;
    const worker: TorchWorkerProcess = new TorchWorkerProcess({ ...this.opts, device, log: (line) => this.opts.log(`[${worker.label}] ${line}`) });
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
