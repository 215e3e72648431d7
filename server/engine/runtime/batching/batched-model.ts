import { dynamicBatchingOf } from "@/lib/triton/dynamic-batching";
import { instanceCount } from "@/lib/triton/instance-count";
import type { ModelConfig } from "@/lib/triton/model-config";
import { concatBatch, splitBatch } from "@/lib/v2/batch-tensors";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, type BatchRequest, type LoadedModel } from "../../backends/model-backend";
import { DynamicBatcher } from "./dynamic-batcher";

/**
 * Backends whose batch is the requests' inputs concatenated along the first dimension and whose
 * outputs split back row for row, as pytorch_backend does (onnxruntime and FIL alike). A backend
 * that takes the requests as a list (Triton's Python backend hands execute() the batch's
 * requests) says so with `inferBatch`.
 */
const CONCATENATING = new Set(["onnxruntime", "fil", "pytorch"]);

/**
 * The model behind Triton's dynamic batcher when its config asks for one (`dynamic_batching`
 * with max_batch_size > 0) and its backend batches (concatenating, or a list); otherwise the
 * model as it is, every request run alone, as before.
 */
export function withDynamicBatching(loaded: LoadedModel, config: ModelConfig, backend: string, onBatch?: (rows: number, requests: number) => void): LoadedModel {
  const batching = dynamicBatchingOf(config);
  const execute = loaded.inferBatch ? loaded.inferBatch.bind(loaded) : CONCATENATING.has(backend) ? concatenating((inputs, outputs) => loaded.infer(inputs, outputs)) : undefined;
  if (!batching || !execute) return loaded;
  const batcher = new DynamicBatcher({
    model: config.name ?? "",
    maxBatchSize: config.maxBatchSize,
    preferredBatchSizes: batching.preferredBatchSize,
    maxQueueDelayMicroseconds: batching.maxQueueDelayMicroseconds,
    queuePolicy: batching.defaultQueuePolicy,
    instances: instanceCount(config),
    execute,
    onBatch,
  });
  return {
    memoryBytes: loaded.memoryBytes,
    memorySource: loaded.memorySource,
    infer: (inputs, outputs, options) => batcher.infer(inputs, outputs, options),
    queueDepth: () => batcher.queueDepth,
    async unload() {
      batcher.close(new ModelInputError(`model '${config.name ?? ""}' was unloaded while the request waited for a batch`, 503));
      await loaded.unload();
    },
  };
}

/** One execution of the requests' inputs concatenated along the batch dimension, split back row for row. */
export function concatenating(run: (inputs: Tensor[], outputs: string[] | undefined) => Promise<Tensor[]>): (batch: BatchRequest[]) => Promise<Tensor[][]> {
  return async (batch) => {
    const out = await run(concatBatch(batch.map((b) => b.inputs)), batch[0]!.outputs);
    return splitBatch(out, batch.map((b) => b.inputs[0]?.shape[0] ?? 1));
  };
}
