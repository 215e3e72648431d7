import type { Frame, FrameHeader } from "./frame-codec";
import type { WorkerRuntime } from "./torch-runtime";
import type { LiveWorker, TorchSupervisor } from "./torch-supervisor";

/**
 * What the worker loads: a TorchScript file (`instances` copies of it), or a Python model's
 * model.py with each instance's initialize() args. Each instance is served by its own thread in
 * the worker, all taking the model's requests from one queue.
 */
export type WorkerModelSpec = { kind: "torchscript"; path: string; instances: number } | { kind: "python"; path: string; instances: Record<string, string>[] };

let nextModelId = 1;

/**
 * One model loaded in a worker as the engine sees it: which worker holds it, and in which of that
 * worker's lives (generation). When the worker has died and restarted since, the next request
 * loads the model again (from its files, still on the instance's disk; a Python model's
 * initialize() runs again) before running: the cache still accounts the model as resident, so the
 * restart is invisible but for that request's time.
 */
export class WorkerModelHandle {
  readonly id = `m${nextModelId++}`;
  private generation: number | undefined;
  private loading: Promise<LiveWorker> | undefined;
  private accountedBytes = 0;
  private unloaded = false;

  constructor(
    private readonly runtime: WorkerRuntime,
    private supervisor: TorchSupervisor,
    private readonly spec: WorkerModelSpec,
  ) {}

  /** Loads the model into the worker now and returns the worker's answer (what it measured). */
  async load(): Promise<FrameHeader> {
    return this.loadInto(await this.live());
  }

  /** Records the bytes the cache accounts for this model, for the runtime's choice of device. */
  account(bytes: number): void {
    this.supervisor.loadedBytes += bytes - this.accountedBytes;
    this.accountedBytes = bytes;
  }

  /** Sends a request about this model (`infer`), reloading it first in a worker that restarted. */
  async request(header: Omit<FrameHeader, "id">, body: readonly Uint8Array[]): Promise<Frame> {
    const live = await this.ready();
    return live.worker.request({ ...header, model: this.id }, body);
  }

  async unload(): Promise<void> {
    if (this.unloaded) return;
    this.unloaded = true;
    this.supervisor.loadedBytes -= this.accountedBytes;
    // A reload after a worker restart that is under way finishes first: otherwise the copies it
    // loads would stay in the worker, unaccounted.
    await this.loading?.catch(() => undefined);
    const live = this.supervisor.isStopped ? undefined : await this.supervisor.worker().catch(() => undefined);
    // A worker that died since took the model with it; nothing to free.
    if (!live || live.generation !== this.generation) return;
    await live.worker.request({ op: "unload", model: this.id });
  }

  /** The supervisor's worker, with torch imported in it when the model is TorchScript. */
  private live(): Promise<LiveWorker> {
    return this.spec.kind === "torchscript" ? this.supervisor.torchWorker() : this.supervisor.worker();
  }

  /** The worker that holds the model now, reloading it there after a restart. */
  private async ready(): Promise<LiveWorker> {
    if (this.supervisor.isStopped) {
      // The runtime replaced its workers (another Python, or every engine detached and one came back).
      const next = this.spec.kind === "torchscript" ? await this.runtime.supervisorForTorch() : await this.runtime.supervisorForPython();
      next.loadedBytes += this.accountedBytes;
      this.supervisor = next;
      this.generation = undefined;
    }
    const live = await this.live();
    if (live.generation === this.generation) return live;
    this.loading ??= this.loadInto(live).then(
      () => {
        this.loading = undefined;
        return live;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  private async loadInto(live: LiveWorker): Promise<FrameHeader> {
    const frame = await live.worker.request({ op: "load", model: this.id, ...this.spec });
    this.generation = live.generation;
    return frame.header;
  }
}
