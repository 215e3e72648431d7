import type { DynamicBatching, ModelConfig } from "./model-config";

/**
 * The dynamic batcher a model runs behind, or undefined: config.pbtxt's `dynamic_batching`,
 * which Triton applies only to a model that batches (max_batch_size > 0). One answer for the
 * engine's batcher and the backends that place such models differently (the ONNX thread pool).
 */
export function dynamicBatchingOf(config: Pick<ModelConfig, "dynamicBatching" | "maxBatchSize">): DynamicBatching | undefined {
  return config.maxBatchSize > 0 ? config.dynamicBatching : undefined;
}
