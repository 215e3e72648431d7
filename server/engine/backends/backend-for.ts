import type { ModelConfig } from "@/lib/triton/model-config";
import { filBackend } from "./fil/fil-backend";
import type { ModelBackend } from "./model-backend";
import { onnxBackend } from "./onnx/onnx-backend";
import { pythonBackend } from "./python/python-backend";
import { torchBackend } from "./torch/torch-backend";
import { unsupportedBackend } from "./unsupported-backend";

/**
 * Every backend the engine knows, first match wins. The torch backend takes every PyTorch model,
 * with or without PyTorch on the machine: without it, it refuses them saying how to get it; the
 * python backend does the same for Python models without numpy.
 */
export const MODEL_BACKENDS: readonly ModelBackend[] = [onnxBackend, filBackend, torchBackend, pythonBackend, unsupportedBackend];

export function backendFor(config: ModelConfig, backends: readonly ModelBackend[] = MODEL_BACKENDS): ModelBackend | undefined {
  return backends.find((b) => b.handles(config));
}
