import type { ModelConfig } from "@/lib/triton/model-config";
import { filBackend } from "./fil-backend";
import type { ModelBackend } from "./model-backend";
import { onnxBackend } from "./onnx/onnx-backend";
import { unsupportedBackend } from "./unsupported-backend";

/** Every backend the engine knows, first match wins. A torch worker would go here. */
export const MODEL_BACKENDS: readonly ModelBackend[] = [onnxBackend, filBackend, unsupportedBackend];

export function backendFor(config: ModelConfig, backends: readonly ModelBackend[] = MODEL_BACKENDS): ModelBackend | undefined {
  return backends.find((b) => b.handles(config));
}
