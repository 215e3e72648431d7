/**
 * SageMaker real-time inference instance types the console and the engine know.
 * GPU MME runs one Triton server per instance and shares a single GPU between models,
 * so SageMaker accepts only single-GPU types for it; CPU types stay valid for CPU MME.
 */
export type InstanceType = {
  name: string;
  vcpus: number;
  memoryGiB: number;
  /** Number of GPUs; 0 for CPU instances. */
  gpus: number;
  gpuModel?: string;
  /** Memory of one GPU. */
  gpuMemoryGiB?: number;
};

const gpu = (name: string, vcpus: number, memoryGiB: number, gpus: number, gpuModel: string, gpuMemoryGiB: number): InstanceType => ({
  name,
  vcpus,
  memoryGiB,
  gpus,
  gpuModel,
  gpuMemoryGiB,
});
const cpu = (name: string, vcpus: number, memoryGiB: number): InstanceType => ({ name, vcpus, memoryGiB, gpus: 0 });

export const INSTANCE_TYPES: readonly InstanceType[] = [
  gpu("ml.g4dn.xlarge", 4, 16, 1, "NVIDIA T4", 16),
  gpu("ml.g4dn.2xlarge", 8, 32, 1, "NVIDIA T4", 16),
  gpu("ml.g4dn.4xlarge", 16, 64, 1, "NVIDIA T4", 16),
  gpu("ml.g4dn.8xlarge", 32, 128, 1, "NVIDIA T4", 16),
  gpu("ml.g4dn.16xlarge", 64, 256, 1, "NVIDIA T4", 16),
  gpu("ml.g4dn.12xlarge", 48, 192, 4, "NVIDIA T4", 16),
  gpu("ml.g5.xlarge", 4, 16, 1, "NVIDIA A10G", 24),
  gpu("ml.g5.2xlarge", 8, 32, 1, "NVIDIA A10G", 24),
  gpu("ml.g5.4xlarge", 16, 64, 1, "NVIDIA A10G", 24),
  gpu("ml.g5.8xlarge", 32, 128, 1, "NVIDIA A10G", 24),
  gpu("ml.g5.16xlarge", 64, 256, 1, "NVIDIA A10G", 24),
  gpu("ml.g5.12xlarge", 48, 192, 4, "NVIDIA A10G", 24),
  gpu("ml.g5.24xlarge", 96, 384, 4, "NVIDIA A10G", 24),
  gpu("ml.g5.48xlarge", 192, 768, 8, "NVIDIA A10G", 24),
  gpu("ml.g6.xlarge", 4, 16, 1, "NVIDIA L4", 24),
  gpu("ml.g6.2xlarge", 8, 32, 1, "NVIDIA L4", 24),
  gpu("ml.g6.4xlarge", 16, 64, 1, "NVIDIA L4", 24),
  gpu("ml.g6.8xlarge", 32, 128, 1, "NVIDIA L4", 24),
  gpu("ml.g6.16xlarge", 64, 256, 1, "NVIDIA L4", 24),
  gpu("ml.g6.12xlarge", 48, 192, 4, "NVIDIA L4", 24),
  gpu("ml.g6.48xlarge", 192, 768, 8, "NVIDIA L4", 24),
  gpu("ml.g6e.xlarge", 4, 32, 1, "NVIDIA L40S", 48),
  gpu("ml.g6e.2xlarge", 8, 64, 1, "NVIDIA L40S", 48),
  gpu("ml.g6e.4xlarge", 16, 128, 1, "NVIDIA L40S", 48),
  gpu("ml.g6e.8xlarge", 32, 256, 1, "NVIDIA L40S", 48),
  gpu("ml.g6e.16xlarge", 64, 512, 1, "NVIDIA L40S", 48),
  gpu("ml.g6e.12xlarge", 48, 384, 4, "NVIDIA L40S", 48),
  gpu("ml.p3.2xlarge", 8, 61, 1, "NVIDIA V100", 16),
  gpu("ml.p3.8xlarge", 32, 244, 4, "NVIDIA V100", 16),
  gpu("ml.p3.16xlarge", 64, 488, 8, "NVIDIA V100", 16),
  gpu("ml.p4d.24xlarge", 96, 1152, 8, "NVIDIA A100", 40),
  gpu("ml.p5.48xlarge", 192, 2048, 8, "NVIDIA H100", 80),
  cpu("ml.t2.medium", 2, 4),
  cpu("ml.m5.large", 2, 8),
  cpu("ml.m5.xlarge", 4, 16),
  cpu("ml.m5.2xlarge", 8, 32),
  cpu("ml.m5.4xlarge", 16, 64),
  cpu("ml.c5.large", 2, 4),
  cpu("ml.c5.xlarge", 4, 8),
  cpu("ml.c5.2xlarge", 8, 16),
  cpu("ml.c5.4xlarge", 16, 32),
  cpu("ml.r5.large", 2, 16),
  cpu("ml.r5.xlarge", 4, 32),
  cpu("ml.r5.2xlarge", 8, 64),
];

const byName = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

export function findInstanceType(name: string): InstanceType | undefined {
  return byName.get(name);
}

/** Single-GPU types: the only ones a GPU multi-model endpoint accepts. */
export const GPU_MME_INSTANCE_TYPES: readonly InstanceType[] = INSTANCE_TYPES.filter((t) => t.gpus === 1);

export function describeInstanceType(t: InstanceType): string {
  return t.gpus > 0
    ? `${t.gpus}× ${t.gpuModel} (${t.gpuMemoryGiB} GiB), ${t.vcpus} vCPU, ${t.memoryGiB} GiB`
    : `CPU only, ${t.vcpus} vCPU, ${t.memoryGiB} GiB`;
}
