import { findInstanceType } from "@/lib/instance-types";

const GiB = 1024 ** 3;
/** For instance types the catalog does not know: a mid-size GPU's memory. */
const UNKNOWN_TYPE_BYTES = 16 * GiB;

/**
 * The memory models may take on one instance: the GPU's memory for GPU types (Triton loads
 * models there), the instance's memory for CPU types. `override` (MME_ENGINE_INSTANCE_MEMORY_BYTES)
 * replaces it for every type, so a laptop can emulate a small budget.
 */
export function instanceMemoryBytes(instanceType: string | undefined, override?: number): number {
  if (override !== undefined) return override;
  const type = instanceType ? findInstanceType(instanceType) : undefined;
  if (!type) return UNKNOWN_TYPE_BYTES;
  return Math.round((type.gpus > 0 && type.gpuMemoryGiB ? type.gpuMemoryGiB : type.memoryGiB) * GiB);
}
