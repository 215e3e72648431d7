import type { AwsError } from "../../aws-error";
import { requireBucket } from "./buckets";
import type { S3Context } from "./context";
import { copyToItself, keyTooLong, noSuchKey } from "../protocol/s3-errors";
import type { IncomingData, ObjectMetadata, ObjectRecord, WriteConditions } from "./types";
import { checkWriteConditions } from "./write-conditions";

const MAX_KEY_BYTES = 1024;

export function checkKey(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) throw keyTooLong(size);
}

export type PutObjectInput = { bucket: string; key: string; metadata: ObjectMetadata; conditions: WriteConditions };

/**
 * Streams the body to a temporary file, has the wire layer check it, renames it into place and
 * only then commits the row: the object becomes visible whole or not at all.
 */
export async function putObject(ctx: S3Context, input: PutObjectInput, data: IncomingData): Promise<ObjectRecord> {
  checkKey(input.key);
  // Refusals that need no body come before the body is read.
  requireBucket(ctx, input.bucket);
  checkWriteConditions(ctx.store.getObject(input.bucket, input.key), input.key, input.conditions);

  const tmp = await ctx.blobs.writeTemp(data.chunks);
  let digest: ReturnType<IncomingData["finish"]>;
  try {
    digest = data.finish();
  } catch (err) {
    await ctx.blobs.remove(tmp);
    throw err;
  }
  const blobId = await ctx.blobs.publishObject(tmp);
  const record: ObjectRecord = {
    bucket: input.bucket,
    key: input.key,
    blobId,
    size: digest.size,
    etag: digest.md5,
    md5: digest.md5,
    lastModified: ctx.now(),
    metadata: input.metadata,
    checksum: digest.checksum,
  };
  return commitObject(ctx, record, input.conditions);
}

/**
 * Makes a published blob the current object of its key, in one transaction that re-checks the
 * bucket and the write preconditions (and runs `alsoInTransaction`, e.g. removing a completed
 * upload). On refusal the new blob is removed; on success the replaced one is.
 */
export function commitObject(ctx: S3Context, record: ObjectRecord, conditions: WriteConditions, alsoInTransaction?: () => void): ObjectRecord {
  let replaced: string | undefined;
  try {
    ctx.store.transaction(() => {
      alsoInTransaction?.();
      requireBucket(ctx, record.bucket);
      const existing = ctx.store.getObject(record.bucket, record.key);
      checkWriteConditions(existing, record.key, conditions);
      replaced = existing?.blobId;
      ctx.store.putObject(record);
    });
  } catch (err) {
    void ctx.blobs.remove(ctx.blobs.objectPath(record.blobId));
    throw err;
  }
  // Readers that opened the old file keep reading it; the name goes now.
  if (replaced) void ctx.blobs.remove(ctx.blobs.objectPath(replaced));
  return record;
}

export function headObject(ctx: S3Context, bucket: string, key: string): ObjectRecord {
  requireBucket(ctx, bucket);
  const record = ctx.store.getObject(bucket, key);
  if (!record) throw noSuchKey(key);
  return record;
}

/**
 * The object and an open descriptor of its bytes, taken in one synchronous step so that a
 * concurrent overwrite, which unlinks the old file, cannot pull it away in between.
 */
export function openObject(ctx: S3Context, bucket: string, key: string): { record: ObjectRecord; fd: number } {
  const record = headObject(ctx, bucket, key);
  return { record, fd: ctx.blobs.openObjectSync(record.blobId) };
}

/** Deleting a key that is not there succeeds, as on S3. */
export function deleteObject(ctx: S3Context, bucket: string, key: string): void {
  const blobId = ctx.store.transaction(() => {
    requireBucket(ctx, bucket);
    const existing = ctx.store.getObject(bucket, key);
    if (existing) ctx.store.deleteObject(bucket, key);
    return existing?.blobId;
  });
  if (blobId) void ctx.blobs.remove(ctx.blobs.objectPath(blobId));
}

export type DeleteResult = { key: string; error?: AwsError };

export function deleteObjects(ctx: S3Context, bucket: string, keys: readonly string[]): DeleteResult[] {
  const removed: string[] = [];
  const results = ctx.store.transaction(() => {
    requireBucket(ctx, bucket);
    return keys.map((key): DeleteResult => {
      const existing = ctx.store.getObject(bucket, key);
      if (existing) {
        ctx.store.deleteObject(bucket, key);
        removed.push(existing.blobId);
      }
      return { key };
    });
  });
  for (const blobId of removed) void ctx.blobs.remove(ctx.blobs.objectPath(blobId));
  return results;
}

export type CopyObjectInput = {
  sourceBucket: string;
  sourceKey: string;
  bucket: string;
  key: string;
  /** REPLACE: the metadata the copy gets; absent (COPY): the source's. */
  replaceMetadata?: ObjectMetadata;
  /** The copy-source preconditions, checked against the source as found. */
  checkSource(source: ObjectRecord): void;
};

/**
 * Copies within or across buckets. Blobs are immutable, so the copy is a hard link made in the
 * same tick as the source lookup. The copy is a single-part object: its ETag is the content's MD5
 * (a copy of a multipart object loses the `-N` form, as on S3).
 */
export async function copyObject(ctx: S3Context, input: CopyObjectInput): Promise<ObjectRecord> {
  checkKey(input.key);
  const source = headObject(ctx, input.sourceBucket, input.sourceKey);
  input.checkSource(source);
  requireBucket(ctx, input.bucket);
  if (input.sourceBucket === input.bucket && input.sourceKey === input.key && !input.replaceMetadata) throw copyToItself();
  let blobId: string;
  try {
    blobId = ctx.blobs.linkObjectSync(source.blobId);
  } catch {
    // The source was overwritten or deleted between the lookup and the link.
    throw noSuchKey(input.sourceKey);
  }
  await ctx.blobs.syncObjects();
  const record: ObjectRecord = {
    bucket: input.bucket,
    key: input.key,
    blobId,
    size: source.size,
    etag: source.md5,
    md5: source.md5,
    lastModified: ctx.now(),
    metadata: input.replaceMetadata ?? source.metadata,
    checksum: source.partsCount ? undefined : source.checksum,
  };
  return commitObject(ctx, record, {});
}
