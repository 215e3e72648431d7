import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import { ModelLoadError, type ModelBackend } from "./model-backend";

/**
 * Platforms SageMaker's Triton runs that this engine has no runtime for (yet). PyTorch and Python
 * are not here: their backends take them, and refuse them themselves (501) when the worker's
 * Python has no PyTorch, or no numpy.
 */
const NOT_RUNNABLE = new Set(["tensorflow", "tensorrt"]);

/**
 * Takes the packages the checker accepts but the engine cannot run, so they fail like a model
 * that does not load (ModelError) instead of crashing or hanging the request.
 */
export const unsupportedBackend: ModelBackend = {
  name: "unsupported",
  handles(config: ModelConfig) {
    const resolved = resolveModelFormat(config);
    return resolved.ok && NOT_RUNNABLE.has(resolved.format.backend);
  },
  // Refusing here, before the cache reserves memory, spares the resident models an eviction.
  estimateMemoryBytes(_files, config) {
    throw cannotRun(config);
  },
  async load(_files, config) {
    throw cannotRun(config);
  },
};

function cannotRun(config: ModelConfig): ModelLoadError {
  const resolved = resolveModelFormat(config);
  const what = resolved.ok ? (resolved.format.platform ?? resolved.format.backend) : config.platform || config.backend || "unknown";
  return new ModelLoadError(`the local engine cannot run platform "${what}" yet: it runs onnxruntime_onnx, fil (XGBoost, LightGBM), pytorch_libtorch and python models`, 501);
}
