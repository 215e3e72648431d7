import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { requireBucket } from "./buckets";
import type { S3Context } from "./context";
import { entityTooSmall, invalidPart, invalidPartOrder, invalidRequest, noSuchUpload } from "../protocol/s3-errors";
import { checkKey, commitObject } from "./objects";
import type { ChecksumAlgorithm, IncomingData, ObjectChecksum, ObjectMetadata, ObjectRecord, PartRecord, UploadRecord, WriteConditions } from "./types";
import { newUploadId } from "./upload-id";
import { bareEtag, checkWriteConditions } from "./write-conditions";

export type CreateUploadInput = { bucket: string; key: string; metadata: ObjectMetadata; checksumAlgorithm?: ChecksumAlgorithm };

export async function createMultipartUpload(ctx: S3Context, input: CreateUploadInput): Promise<UploadRecord> {
  checkKey(input.key);
  requireBucket(ctx, input.bucket);
  const upload: UploadRecord = { uploadId: newUploadId(), initiated: ctx.now(), ...input };
  await ctx.blobs.createUploadDir(upload.uploadId);
  try {
    ctx.store.transaction(() => {
      requireBucket(ctx, input.bucket);
      ctx.store.insertUpload(upload);
    });
  } catch (err) {
    await ctx.blobs.removeUploadDir(upload.uploadId);
    throw err;
  }
  return upload;
}

/** The upload, only if it is the one this bucket and key started: an id alone names nothing. */
export function requireUpload(ctx: S3Context, bucket: string, key: string, uploadId: string): UploadRecord {
  requireBucket(ctx, bucket);
  const upload = ctx.store.getUpload(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

export type UploadPartInput = { bucket: string; key: string; uploadId: string; partNumber: number };

/** A part is a file of its upload's folder; uploading the same number again replaces it. */
export async function uploadPart(ctx: S3Context, input: UploadPartInput, data: IncomingData): Promise<PartRecord> {
  requireUpload(ctx, input.bucket, input.key, input.uploadId);
  const tmp = await ctx.blobs.writeTemp(data.chunks);
  let digest: ReturnType<IncomingData["finish"]>;
  let fileId: string;
  try {
    digest = data.finish();
    fileId = await ctx.blobs.publishPart(tmp, input.uploadId, input.partNumber);
  } catch (err) {
    await ctx.blobs.remove(tmp);
    // The folder is gone when the upload was aborted or completed while this part arrived.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw noSuchUpload(input.uploadId);
    throw err;
  }
  const part: PartRecord = {
    uploadId: input.uploadId,
    partNumber: input.partNumber,
    fileId,
    size: digest.size,
    etag: digest.md5,
    lastModified: ctx.now(),
    checksum: digest.checksum,
  };
  let replaced: string | undefined;
  try {
    ctx.store.transaction(() => {
      requireUpload(ctx, input.bucket, input.key, input.uploadId);
      replaced = ctx.store.getPart(input.uploadId, input.partNumber)?.fileId;
      ctx.store.putPart(part);
    });
  } catch (err) {
    await ctx.blobs.remove(ctx.blobs.partPath(input.uploadId, fileId));
    throw err;
  }
  if (replaced) await ctx.blobs.remove(ctx.blobs.partPath(input.uploadId, replaced));
  return part;
}

export type CompletedPart = { partNumber: number; etag: string; checksum?: ObjectChecksum };
export type CompleteUploadInput = { bucket: string; key: string; uploadId: string; parts: CompletedPart[]; conditions: WriteConditions };

/**
 * Checks the part list as S3 does (order, existence and ETags, minimum sizes), concatenates the
 * parts into one temporary file, and commits it like a PutObject, removing the upload in the
 * same transaction. The ETag is the MD5 of the parts' binary MD5s, then `-<number of parts>`.
 */
export async function completeMultipartUpload(ctx: S3Context, input: CompleteUploadInput): Promise<ObjectRecord> {
  const upload = requireUpload(ctx, input.bucket, input.key, input.uploadId);
  checkWriteConditions(ctx.store.getObject(input.bucket, input.key), input.key, input.conditions);
  const parts = checkParts(ctx, input);

  const whole = createHash("md5");
  const tmp = await ctx.blobs.writeTemp(concatenate(ctx, input.uploadId, parts, whole));
  const blobId = await ctx.blobs.publishObject(tmp);
  const partMd5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag, "hex")));
  const record: ObjectRecord = {
    bucket: input.bucket,
    key: input.key,
    blobId,
    size: parts.reduce((sum, p) => sum + p.size, 0),
    etag: `${createHash("md5").update(partMd5s).digest("hex")}-${parts.length}`,
    md5: whole.digest("hex"),
    lastModified: ctx.now(),
    metadata: upload.metadata,
    partsCount: parts.length,
  };
  commitObject(ctx, record, input.conditions, () => {
    requireUpload(ctx, input.bucket, input.key, input.uploadId);
    ctx.store.deleteUpload(input.uploadId);
  });
  await ctx.blobs.removeUploadDir(input.uploadId);
  return record;
}

function checkParts(ctx: S3Context, input: CompleteUploadInput): PartRecord[] {
  if (input.parts.length === 0) throw invalidRequest("You must specify at least one part");
  for (let i = 1; i < input.parts.length; i++) {
    if (input.parts[i]!.partNumber <= input.parts[i - 1]!.partNumber) throw invalidPartOrder(input.uploadId, input.parts[i]!.partNumber);
  }
  const stored = input.parts.map((p) => {
    const part = ctx.store.getPart(input.uploadId, p.partNumber);
    const sameChecksum = !p.checksum || !part?.checksum || p.checksum.algorithm !== part.checksum.algorithm || p.checksum.value === part.checksum.value;
    if (!part || bareEtag(p.etag) !== part.etag || !sameChecksum) throw invalidPart(input.uploadId, p.partNumber, bareEtag(p.etag));
    return part;
  });
  stored.forEach((part, i) => {
    if (i < stored.length - 1 && part.size < ctx.minPartSizeBytes) throw entityTooSmall(part.size, ctx.minPartSizeBytes, part.partNumber, part.etag);
  });
  return stored;
}

async function* concatenate(ctx: S3Context, uploadId: string, parts: PartRecord[], md5: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for (const part of parts) {
    const stream = createReadStream(ctx.blobs.partPath(uploadId, part.fileId), { highWaterMark: 1024 * 1024 });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        md5.update(chunk);
        yield chunk;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw noSuchUpload(uploadId);
      throw err;
    }
  }
}

export async function abortMultipartUpload(ctx: S3Context, bucket: string, key: string, uploadId: string): Promise<void> {
  ctx.store.transaction(() => {
    requireUpload(ctx, bucket, key, uploadId);
    ctx.store.deleteUpload(uploadId);
  });
  await ctx.blobs.removeUploadDir(uploadId);
}

export type ListPartsInput = { bucket: string; key: string; uploadId: string; partNumberMarker: number; maxParts: number };

export function listParts(ctx: S3Context, input: ListPartsInput): { upload: UploadRecord; parts: PartRecord[]; isTruncated: boolean } {
  const upload = requireUpload(ctx, input.bucket, input.key, input.uploadId);
  const parts = ctx.store.partsAfter(input.uploadId, input.partNumberMarker, input.maxParts + 1);
  return { upload, parts: parts.slice(0, input.maxParts), isTruncated: parts.length > input.maxParts };
}

export type ListUploadsInput = { bucket: string; prefix: string; delimiter?: string; keyMarker: string; uploadIdMarker: string; maxUploads: number };
export type ListUploadsOutput = { uploads: UploadRecord[]; commonPrefixes: string[]; isTruncated: boolean; nextKeyMarker?: string; nextUploadIdMarker?: string };

/**
 * ListMultipartUploads: uploads in progress by key, then oldest first. A listing starts after
 * `keyMarker`, or, with `uploadIdMarker`, after that upload of that key. With a delimiter, keys
 * that go on past it after the prefix are rolled into one common prefix each, which counts towards
 * `maxUploads` like an upload; a marker that is such a prefix skips everything under it.
 */
export function listMultipartUploads(ctx: S3Context, input: ListUploadsInput): ListUploadsOutput {
  requireBucket(ctx, input.bucket);
  const { prefix, delimiter, keyMarker, uploadIdMarker } = input;
  const all = ctx.store.listUploads(input.bucket).filter((u) => u.key.startsWith(prefix));
  const skippedPrefix = delimiter && keyMarker.startsWith(prefix) && keyMarker.endsWith(delimiter) ? keyMarker : undefined;
  const markerIndex = uploadIdMarker ? all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker) : -1;
  const after = (u: UploadRecord, i: number) => {
    if (skippedPrefix && u.key.startsWith(skippedPrefix)) return false;
    if (u.key !== keyMarker) return u.key > keyMarker;
    if (!uploadIdMarker) return false;
    return markerIndex >= 0 ? i > markerIndex : u.uploadId > uploadIdMarker;
  };
  const out: ListUploadsOutput = { uploads: [], commonPrefixes: [], isTruncated: false };
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const u = all[i]!;
    if (keyMarker && !after(u, i)) continue;
    const cut = delimiter ? u.key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? u.key.slice(0, cut + delimiter!.length) : undefined;
    if (common !== undefined && common === out.commonPrefixes.at(-1)) continue;
    if (count === input.maxUploads) {
      out.isTruncated = true;
      break;
    }
    count++;
    if (common !== undefined) {
      out.commonPrefixes.push(common);
      out.nextKeyMarker = common;
      out.nextUploadIdMarker = undefined;
    } else {
      out.uploads.push(u);
      out.nextKeyMarker = u.key;
      out.nextUploadIdMarker = u.uploadId;
    }
  }
  return out;
}
