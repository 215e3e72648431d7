import type { InstanceGroup, ModelConfig } from "./model-config";

/**
 * How many instances of a model run at once: the instance groups' counts summed (a group without
 * a count is 1, Triton's default for a GPU group on one GPU; the engine does not give KIND_CPU
 * onnxruntime models Triton's default of 2, so a config that sets nothing costs one instance's
 * memory); 1 without a group.
 */
export function instanceCount(config: Pick<ModelConfig, "instanceGroup">): number {
  if (config.instanceGroup.length === 0) return 1;
  return config.instanceGroup.reduce((sum, g) => sum + groupCount(g), 0);
}

/** One group's count: at least 1. */
export function groupCount(group: InstanceGroup): number {
  return Math.max(1, group.count ?? 1);
}
