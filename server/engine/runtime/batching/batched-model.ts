import type { ModelConfig } from "@/lib/triton/model-config";
import { ModelInputError, type LoadedModel } from "../../backends/model-backend";
import { DynamicBatcher } from "./dynamic-batcher";

/**
 * Backends whose batch is the requests' inputs concatenated along the first dimension and whose
 * outputs split back row for row, as pytorch_backend does (onnxruntime and FIL alike). Triton's
 * Python backend instead hands execute() the requests as a list: not batched here yet.
 */
const CONCATENATING = new Set(["onnxruntime", "fil", "pytorch"]);

/**
 * The model behind Triton's dynamic batcher when its config asks for one (`dynamic_batching`
 * with max_batch_size > 0) and its backend concatenates; otherwise the model as it is, every
 * request run alone, as before.
 */
export function withDynamicBatching(loaded: LoadedModel, config: ModelConfig, backend: string, onBatch?: (rows: number, requests: number) => void): LoadedModel {
  const batching = config.dynamicBatching;
  if (!batching || config.maxBatchSize <= 0 || !CONCATENATING.has(backend)) return loaded;
  const batcher = new DynamicBatcher({
    model: config.name ?? "",
    maxBatchSize: config.maxBatchSize,
    preferredBatchSizes: batching.preferredBatchSize,
    maxQueueDelayMicroseconds: batching.maxQueueDelayMicroseconds,
    queuePolicy: batching.defaultQueuePolicy,
    instances: instanceCount(config),
    run: (inputs, outputs) => loaded.infer(inputs, outputs),
    onBatch,
  });
  return {
    memoryBytes: loaded.memoryBytes,
    memorySource: loaded.memorySource,
    infer: (inputs, outputs) => batcher.infer(inputs, outputs),
    queueDepth: () => batcher.queueDepth,
    async unload() {
      batcher.close(new ModelInputError(`model '${config.name ?? ""}' was unloaded while the request waited for a batch`, 503));
      await loaded.unload();
    },
  };
}

/**
 * How many batches may run at once: the instance groups' counts (a group without one is 1, as
 * Triton's default for a GPU group on one GPU); 1 without a group.
 */
function instanceCount(config: ModelConfig): number {
  if (config.instanceGroup.length === 0) return 1;
  return config.instanceGroup.reduce((sum, g) => sum + Math.max(1, g.count ?? 1), 0);
}
