import "server-only";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { s3Client } from "@/server/aws/client-factory";
import { REGISTRY_DIR } from "@/server/bff/models/registry-keys";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";

/** Pages of 1,000 names read at most: an endpoint with more shows "10,000+" rather than costing a listing of everything. */
const MAX_PAGES = 10;

/**
 * How many models an endpoint's registry holds: the model folders under its `.mme-registry/`,
 * counted with a delimited listing (names only, no model's head is read), as the models table lists them.
 */
export async function countRegistryModels(endpoint: string): Promise<{ count: number; capped: boolean }> {
  const loc = await modelDataLocation(endpoint);
  const prefix = `${loc.prefix}${REGISTRY_DIR}`;
  let count = 0;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await s3Client().send(new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: prefix, Delimiter: "/", MaxKeys: 1000, ContinuationToken: token }));
    count += out.CommonPrefixes?.length ?? 0;
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
    if (!token) return { count, capped: false };
  }
  return { count, capped: true };
}
