import type { BackendCapability, EngineCapabilities } from "@/lib/engine-capabilities";
import { AwsError } from "../aws-error";
import type { TorchStatus } from "../backends/torch/torch-runtime";
import type { EngineRequest, ServiceHandler } from "../http/service-handler";

export const CAPABILITIES_PATH = "/_mme/capabilities";

const NOT_IMPLEMENTED = "the local engine has no runtime for it; deploy to SageMaker to run it";

/**
 * `GET /_mme/capabilities`: which model backends this engine can run, and for PyTorch whether a
 * Python with torch was found, which one, and why not. The console shows it where users upload
 * models, so a missing PyTorch is told before a model fails, not after. Other `/_mme/` paths go
 * to `inner` (the residency route).
 */
export function withCapabilitiesRoute(inner: ServiceHandler, opts: { torch: () => Promise<TorchStatus> }): ServiceHandler {
  return {
    maxBodyBytes: inner.maxBodyBytes,
    async handle(req: EngineRequest) {
      if (req.path !== CAPABILITIES_PATH) return inner.handle(req);
      if (req.method !== "GET") throw new AwsError("MethodNotAllowedException", `${req.method} is not allowed on ${req.path}; use GET.`, 405);
      const body: EngineCapabilities = { backends: [{ backend: "onnxruntime", platforms: ["onnxruntime_onnx"], available: true }, { backend: "fil", platforms: ["xgboost", "lightgbm"], available: true }, torchCapability(await opts.torch())] };
      for (const [backend, platforms] of [["tensorflow", ["tensorflow_savedmodel", "tensorflow_graphdef"]], ["tensorrt", ["tensorrt_plan"]], ["python", []]] as const) {
        body.backends.push({ backend, platforms: [...platforms], available: false, reason: NOT_IMPLEMENTED });
      }
      return { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(body) };
    },
  };
}

function torchCapability(status: TorchStatus): BackendCapability {
  const base = { backend: "pytorch", platforms: ["pytorch_libtorch"] };
  if (!status.available) return { ...base, available: false, reason: status.reason, ...(status.python ? { python: status.python } : {}) };
  return { ...base, available: true, python: status.executable, torchVersion: status.torchVersion, workers: status.workers, ...(status.note ? { note: status.note } : {}) };
}
