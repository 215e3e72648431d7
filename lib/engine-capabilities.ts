/**
 * Which model backends the local engine can run: the wire format of its signed route
 * `GET /_mme/capabilities` (SageMaker has no such API). Shared by the engine, the BFF and bench:torch.
 */

/**
 * A Python worker's `stats` answer: the models it holds (TorchScript and Python; `pythonModels`
 * of them Python), device memory on a GPU, the process's RSS on the CPU.
 */
export type WorkerStats = { models: number; pythonModels?: number; accounted: number; allocated?: number; reserved?: number; total?: number; utilization?: number | null; rss?: number };

/** One Python worker as the route shows it under PyTorch (`deviceName` and `cuda` once torch is imported in it). */
export type TorchWorkerStatus = {
  device: string;
  deviceName: string;
  pid?: number;
  cuda: string | null;
  totalMemory: number | null;
  stats?: WorkerStats;
};

/** One backend as the route reports it. */
export type BackendCapability = {
  backend: string;
  platforms: string[];
  available: boolean;
  /** Why not, in words a user can act on. */
  reason?: string;
  /** PyTorch and Python models: the Python the workers run on; torch's version, and the workers now running; numpy's version. */
  python?: string;
  torchVersion?: string;
  numpyVersion?: string;
  workers?: TorchWorkerStatus[];
  note?: string;
};

export type EngineCapabilities = { backends: BackendCapability[] };
