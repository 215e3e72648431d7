import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildTar } from "@/test/support/triton/build-tar";

/** The torch batching part's settings: Triton's PyTorch names, two instances, a 1 ms delay. */
export const TORCH_MLP = { maxBatchSize: 16, instances: 2, maxQueueDelayUs: 1000, inputWidth: 512, outputWidth: 16 };

/**
 * The config of bench/torch/mlp-model.py's TorchScript MLP: `instance_group [{ count: 2 }]`,
 * with Triton's dynamic batcher or without (every request runs alone).
 */
export function torchMlpConfig(name: string, batching: boolean): string {
  const t = TORCH_MLP;
  return [
    `name: "${name}"`,
    'platform: "pytorch_libtorch"',
    `max_batch_size: ${t.maxBatchSize}`,
    `input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ ${t.inputWidth} ] } ]`,
    `output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ ${t.outputWidth} ] } ]`,
    `instance_group [ { count: ${t.instances} } ]`,
    ...(batching ? [`dynamic_batching { max_queue_delay_microseconds: ${t.maxQueueDelayUs} }`] : []),
    "",
  ].join("\n");
}

/** The model file as a Triton package named `name`; gzip level 1 (the weights hardly compress). */
export function torchMlpPackage(modelPath: string, name: string, batching: boolean): Uint8Array {
  const tar = buildTar([
    { name: `${name}/`, type: "dir" },
    { name: `${name}/config.pbtxt`, data: torchMlpConfig(name, batching) },
    { name: `${name}/1/`, type: "dir" },
    { name: `${name}/1/model.pt`, data: readFileSync(modelPath) },
  ]);
  return new Uint8Array(gzipSync(tar, { level: 1 }));
}
