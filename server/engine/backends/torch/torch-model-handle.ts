import type { Tensor } from "@/lib/v2/tensor";
import type { TorchRuntime } from "./torch-runtime";
import type { LiveWorker, TorchSupervisor } from "./torch-supervisor";
import { tensorFromWire, tensorToWire, type WireTensor } from "./torch-tensors";

/** What the worker measured when it loaded the model. */
export type TorchLoadAnswer = { memoryBytes: number; memorySource: "measured" | "estimated"; forwardInputs: number | null };

let nextModelId = 1;

/**
 * One loaded TorchScript model as the engine sees it: which worker holds it, and in which of that
 * worker's lives (generation). When the worker has died and restarted since, the next request
 * loads the model again from its file (still on the instance's disk) before running: the cache
 * still accounts the model as resident, so the restart is invisible but for that request's time.
 */
export class TorchModelHandle {
  readonly id = `m${nextModelId++}`;
  private generation: number | undefined;
  private loading: Promise<LiveWorker> | undefined;
  private accountedBytes = 0;
  private unloaded = false;

  constructor(
    private readonly runtime: TorchRuntime,
    private supervisor: TorchSupervisor,
    private readonly path: string,
  ) {}

  /** Loads the model into the worker now; the first answer is what the cache accounts. */
  async load(): Promise<TorchLoadAnswer> {
    const live = await this.supervisor.worker();
    const answer = await this.loadInto(live);
    this.accountedBytes = answer.memoryBytes;
    this.supervisor.loadedBytes += answer.memoryBytes;
    return answer;
  }

  /** Runs forward() on the inputs in argument order; returns the outputs at `want` positions. */
  async infer(inputs: Tensor[], want: { name: string; index: number }[]): Promise<{ tensors: Tensor[]; returned: number }> {
    const live = await this.ready();
    const wire = inputs.map(tensorToWire);
    const frame = await live.worker.request(
      { op: "infer", model: this.id, inputs: wire.map((w) => w.spec), want: want.map((w) => w.index) },
      wire.map((w) => w.bytes),
    );
    const specs = frame.header.outputs as (WireTensor & { index: number })[];
    let offset = 0;
    const tensors = specs.map((spec, i) => {
      const bytes = frame.body.subarray(offset, offset + spec.nbytes);
      offset += spec.nbytes;
      return tensorFromWire(want[i]!.name, spec, bytes);
    });
    return { tensors, returned: Number(frame.header.count) };
  }

  async unload(): Promise<void> {
    if (this.unloaded) return;
    this.unloaded = true;
    this.supervisor.loadedBytes -= this.accountedBytes;
    const live = this.supervisor.isStopped ? undefined : await this.supervisor.worker().catch(() => undefined);
    // A worker that died since took the model with it; nothing to free.
    if (!live || live.generation !== this.generation) return;
    await live.worker.request({ op: "unload", model: this.id });
  }

  /** The worker that holds the model now, reloading it there after a restart. */
  private async ready(): Promise<LiveWorker> {
    if (this.supervisor.isStopped) {
      // The runtime replaced its workers (another Python, or every engine detached and one came back).
      const next = await this.runtime.supervisorForLoad();
      next.loadedBytes += this.accountedBytes;
      this.supervisor = next;
      this.generation = undefined;
    }
    const live = await this.supervisor.worker();
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

  private async loadInto(live: LiveWorker): Promise<TorchLoadAnswer> {
    const frame = await live.worker.request({ op: "load", model: this.id, path: this.path });
    this.generation = live.generation;
    const h = frame.header;
    return {
      memoryBytes: Number(h.memory_bytes ?? 0),
      memorySource: h.memory_source === "measured" ? "measured" : "estimated",
      forwardInputs: typeof h.num_inputs === "number" ? h.num_inputs : null,
    };
  }
}
