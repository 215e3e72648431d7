import { isValidBucketName } from "./bucket-names";
import type { S3Context } from "./context";
import { bucketAlreadyOwnedByYou, bucketNotEmpty, invalidBucketName, noSuchBucket, noSuchCorsConfiguration } from "../protocol/s3-errors";
import type { BucketRecord, CorsRule } from "./types";

/**
 * Creates a bucket; `created` is false when it already existed. In us-east-1 S3 answers that
 * with 200 OK for legacy compatibility; every other region answers BucketAlreadyOwnedByYou.
 */
export function createBucket(ctx: S3Context, name: string): { created: boolean } {
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  return ctx.store.transaction(() => {
    if (ctx.store.getBucket(name)) {
      if (ctx.region === "us-east-1") return { created: false };
      throw bucketAlreadyOwnedByYou(name);
    }
    ctx.store.insertBucket(name, ctx.now());
    return { created: true };
  });
}

export function requireBucket(ctx: S3Context, name: string): BucketRecord {
  const bucket = ctx.store.getBucket(name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

export function listBuckets(ctx: S3Context): BucketRecord[] {
  return ctx.store.allBuckets();
}

/** Refused while objects remain; multipart uploads in progress are aborted with the bucket. */
export async function deleteBucket(ctx: S3Context, name: string): Promise<void> {
  const uploadIds = ctx.store.transaction(() => {
    requireBucket(ctx, name);
    if (ctx.store.hasObjects(name)) throw bucketNotEmpty(name);
    const ids = ctx.store.uploadIdsOfBucket(name);
    for (const id of ids) ctx.store.deleteUpload(id);
    ctx.store.deleteBucket(name);
    return ids;
  });
  for (const id of uploadIds) await ctx.blobs.removeUploadDir(id);
}

export function putBucketCors(ctx: S3Context, name: string, rules: CorsRule[]): void {
  ctx.store.transaction(() => {
    requireBucket(ctx, name);
    ctx.store.setCors(name, rules);
  });
}

export function getBucketCors(ctx: S3Context, name: string): CorsRule[] {
  const bucket = requireBucket(ctx, name);
  if (!bucket.cors) throw noSuchCorsConfiguration(name);
  return bucket.cors;
}

export function deleteBucketCors(ctx: S3Context, name: string): void {
  ctx.store.transaction(() => {
    requireBucket(ctx, name);
    ctx.store.setCors(name, null);
  });
}
