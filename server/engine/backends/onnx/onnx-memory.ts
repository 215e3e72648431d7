/**
 * What an onnxruntime session holds, estimated from the model's files: onnxruntime gives no
 * per-session figure, and an RSS delta is noise when sessions load concurrently.
 * - weights up to twice: the initializers copied out of the protobuf, plus the prepacked copies
 *   the CPU kernels make of MatMul/Conv weights (graph optimization "all");
 * - a fixed overhead per session (graph, kernels, allocators): about 350-400 KiB measured for a
 *   trivial model on onnxruntime-node 1.30, rounded up.
 * On a GPU instance Triton would hold the weights in GPU memory; the same figure stands in.
 */
export const ONNX_SESSION_OVERHEAD_BYTES = 512 * 1024;

export function estimateOnnxMemoryBytes(fileBytes: number): number {
  return 2 * fileBytes + ONNX_SESSION_OVERHEAD_BYTES;
}
