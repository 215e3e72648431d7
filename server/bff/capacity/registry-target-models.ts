import "server-only";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Verification } from "@/lib/model-registry";
import { s3Client } from "@/server/aws/client-factory";
import { registryVersions } from "@/server/bff/metrics/registry-versions";
import { REGISTRY_DIR } from "@/server/bff/models/registry-keys";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";

/** A registry version as MME caches it: one target model, with what the registry knows of it. */
export type RegisteredTargetModel = {
  targetModel: string;
  model: string;
  version: number;
  /** The package's size in S3 (compressed). */
  packageBytes?: number;
  verification?: Verification;
};

/** Pages of 1,000 names read at most (as the endpoint list counts them): 10,000 models. */
const MAX_PAGES = 10;

/**
 * Every ready version of every model in the endpoint's registry, as target models: MME caches
 * target models, so those are what the planner replays (a model's versions are separate entries
 * of the cache and compete for its memory like any two models).
 */
export async function registryTargetModels(loc: ModelDataLocation): Promise<RegisteredTargetModel[]> {
  const names = await registryModelNames(loc);
  const registry = await registryVersions(loc, names);
  return names.flatMap((model) => {
    const { head, versions } = registry.get(model) ?? { versions: [] };
    return versions.map((v) => {
      const entry = head?.versions[String(v.version)];
      return { targetModel: v.targetModel, model, version: v.version, packageBytes: entry?.size, verification: entry?.verification };
    });
  });
}

async function registryModelNames(loc: ModelDataLocation): Promise<string[]> {
  const root = `${loc.prefix}${REGISTRY_DIR}`;
  const names: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await s3Client().send(new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: root, Delimiter: "/", MaxKeys: 1000, ContinuationToken: token }));
    names.push(...(out.CommonPrefixes ?? []).map((p) => p.Prefix!.slice(root.length, -1)));
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
    if (!token) break;
  }
  return names;
}
