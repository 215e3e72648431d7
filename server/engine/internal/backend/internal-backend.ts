import type { BackendCapability, EngineCapabilities } from "@/lib/engine-capabilities";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import type { WarmInput, WarmOutput } from "../../runtime/backend/runtime-backend";
import type { PythonModelsStatus, TorchStatus, WorkerRuntimeStatus } from "../../backends/torch/torch-runtime";
import { endpointNotFound } from "../protocol/internal-errors";

export type InternalBackendOptions = {
  /** The endpoint's name as created, or undefined when there is no such endpoint. */
  endpointName(name: string): string | undefined;
  snapshot(): CacheSnapshot;
  /** The runtime's warm: its loads, refusals and errors are InvokeEndpoint's. */
  warm(input: WarmInput): Promise<WarmOutput>;
  /** The Python worker's status: PyTorch's and the Python backend's (one worker runs both). */
  torch(): Promise<WorkerRuntimeStatus>;
};

const NOT_IMPLEMENTED = "the local engine has no runtime for it; deploy to SageMaker to run it";

/** What the engine's developer namespace answers: what AWS has no API for. Never sees HTTP. */
export class InternalBackend {
  constructor(private readonly opts: InternalBackendOptions) {}

  /** What each instance of the endpoint holds now, as a snapshot of that endpoint's fleets only (none before its first invocation). */
  residency(requested: string): CacheSnapshot {
    const name = this.opts.endpointName(requested);
    if (name === undefined) throw endpointNotFound(requested);
    const snapshot = this.opts.snapshot();
    return { at: snapshot.at, endpoints: snapshot.endpoints.filter((f) => f.endpointName.toLowerCase() === name.toLowerCase()) };
  }

  /**
   * Loads a target model on every instance that serves the endpoint (every variant's, or the named
   * one's), so the first requests after an alias moves to it find it loaded wherever they land.
   */
  warm(requested: string, input: Omit<WarmInput, "endpointName">): Promise<WarmOutput> {
    if (this.opts.endpointName(requested) === undefined) throw endpointNotFound(requested);
    return this.opts.warm({ ...input, endpointName: requested });
  }

  /**
   * Which model backends this engine can run; for PyTorch whether a Python with torch was found,
   * which one, and why not; for Python models the same about numpy. The console shows it where
   * users upload models, so a missing PyTorch is told before a model fails, not after.
   */
  async capabilities(): Promise<EngineCapabilities> {
    const workers = await this.opts.torch();
    const body: EngineCapabilities = {
      backends: [
        { backend: "onnxruntime", platforms: ["onnxruntime_onnx"], available: true },
        { backend: "fil", platforms: ["xgboost", "lightgbm"], available: true },
        torchCapability(workers.torch),
        pythonCapability(workers.python),
      ],
    };
    for (const [backend, platforms] of [["tensorflow", ["tensorflow_savedmodel", "tensorflow_graphdef"]], ["tensorrt", ["tensorrt_plan"]]] as const) {
      body.backends.push({ backend, platforms: [...platforms], available: false, reason: NOT_IMPLEMENTED });
    }
    return body;
  }
}

function torchCapability(status: TorchStatus): BackendCapability {
  const base = { backend: "pytorch", platforms: ["pytorch_libtorch"] };
  if (!status.available) return { ...base, available: false, reason: status.reason, ...(status.python ? { python: status.python } : {}) };
  return { ...base, available: true, python: status.executable, torchVersion: status.torchVersion, workers: status.workers, ...(status.note ? { note: status.note } : {}) };
}

function pythonCapability(status: PythonModelsStatus): BackendCapability {
  // Triton's Python backend has no platform name: a config says `backend: "python"`.
  const base = { backend: "python", platforms: [] };
  if (!status.available) return { ...base, available: false, reason: status.reason, ...(status.python ? { python: status.python } : {}) };
  return { ...base, available: true, python: status.executable, numpyVersion: status.numpyVersion, note: status.note };
}
