import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildTar } from "@/test/support/triton/build-tar";

/** The bench model's config: one FP32 input of 4 per row, batching up to 8, Triton's PyTorch names. */
export const BENCH_CONFIG = `name: "torch-bench"
platform: "pytorch_libtorch"
max_batch_size: 8
input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 4 ] } ]
output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 4 ] } ]
`;

/** The generated model.pt as a Triton package; gzip level 1, since level 9 on hundreds of MB takes minutes. */
export function torchBenchPackage(modelPath: string): Uint8Array {
  const tar = buildTar([
    { name: "torch-bench/", type: "dir" },
    { name: "torch-bench/config.pbtxt", data: BENCH_CONFIG },
    { name: "torch-bench/1/", type: "dir" },
    { name: "torch-bench/1/model.pt", data: readFileSync(modelPath) },
  ]);
  return new Uint8Array(gzipSync(tar, { level: 1 }));
}

/** One row in, as KServe v2 JSON. */
export const BENCH_REQUEST = new TextEncoder().encode(JSON.stringify({ inputs: [{ name: "INPUT__0", datatype: "FP32", shape: [1, 4], data: [1, 2, 3, 4] }] }));
