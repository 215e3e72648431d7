/**
 * The phrases by which SageMaker's Triton front end tells a lack of memory from any other
 * failure (triton-inference-server/server src/sagemaker_server.cc, SageMakerMMECheckOOMError).
 */
const OUT_OF_MEMORY = [
  "CUDA out of memory",
  "CUDA_OUT_OF_MEMORY",
  "Out of memory",
  "Out Of Memory",
  "out of memory",
  "MemoryError",
  "OutOfMemory",
  "OOM",
  "Dst tensor is not initialized",
  "Src tensor is not initialized",
  "CNMEM_STATUS_OUT_OF_MEMORY",
  "CUDNN_STATUS_NOT_INITIALIZED",
  "CUBLAS_STATUS_ALLOC_FAILED",
  "CUBLAS_STATUS_NOT_INITIALIZED",
  "Failed to allocate memory",
  "failed to allocate memory",
  "No space left on device",
];

/**
 * The status SageMaker's Triton answers a failed load or inference with: 507 when the reason
 * names a lack of memory (SageMaker then unloads other models), else 400, whatever the backend's
 * own code (SageMakerMMEHandleOOMError, SageMakerMMEHandleInfer).
 */
export function tritonFailureStatus(message: string): 400 | 507 {
  return OUT_OF_MEMORY.some((phrase) => message.includes(phrase)) ? 507 : 400;
}
