import type { ModelConfig } from "@/lib/triton/model-config";

/**
 * The version InvokeEndpoint reaches: Triton loads the versions `version_policy` selects
 * (default: the latest) and serves a request that names no version with the highest of them.
 * SageMaker's invocations path names no version, so only that one is loaded here; the others
 * could never be reached. Undefined when the policy selects no version that exists.
 */
export function servedVersion(config: Pick<ModelConfig, "versionPolicy">, available: readonly number[]): number | undefined {
  const policy = config.versionPolicy;
  const candidates = policy && "specific" in policy ? available.filter((v) => policy.specific.versions.includes(v)) : available;
  return candidates.length === 0 ? undefined : Math.max(...candidates);
}
