/**
 * Which model backends the local engine can run: the wire format of its signed route
 * `GET /_mme/capabilities` (SageMaker has no such API). Shared by the engine and the BFF.
 */

/** One backend as the route reports it. */
export type BackendCapability = {
  backend: string;
  platforms: string[];
  available: boolean;
  /** Why not, in words a user can act on. */
  reason?: string;
  /** PyTorch: the Python the workers run on, torch's version, and the workers now running. */
  python?: string;
  torchVersion?: string;
  workers?: { device?: string }[];
  note?: string;
};

export type EngineCapabilities = { backends: BackendCapability[] };
