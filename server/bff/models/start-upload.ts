import "server-only";
import { CreateMultipartUploadCommand } from "@aws-sdk/client-s3";
import type { StartedUploadView, StartUploadInput } from "@/lib/schemas/model";
import { s3Client } from "@/server/aws/client-factory";
import { updateHead } from "@/server/bff/models/model-head";
import { startIdleUploadSweeps } from "@/server/bff/models/expire-idle-uploads";
import { artifactKey } from "@/server/bff/models/registry-keys";
import { uploadIdleExpirySeconds } from "@/server/bff/models/upload-idle-expiry";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { recordUploadSession } from "@/server/console-store/upload-sessions";

const MIB = 1024 * 1024;
/** S3 allows 10,000 parts of at least 5 MiB (the last may be smaller). */
const MAX_PARTS = 10_000;
const MIN_PART = 16 * MIB;

export function partSizeFor(size: number): number {
  return Math.max(MIN_PART, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}

/**
 * Reserves the next version number of a model (in its head, so two uploaders never get the same
 * one) and opens a multipart upload at that version's new, never-used key. The browser then puts
 * the parts straight to S3 with presigned URLs; the console records the upload so that signing,
 * completing and aborting it need no SageMaker lookup.
 */
export async function startUpload(endpoint: string, input: StartUploadInput, actor: string): Promise<StartedUploadView> {
  startIdleUploadSweeps();
  const loc = await modelDataLocation(endpoint);
  const uploadedAt = new Date().toISOString();
  const version = await updateHead(loc, input.model, (head) => {
    const v = head.nextVersion;
    head.nextVersion = v + 1;
    head.versions[v] = { state: "uploading", uploadedBy: actor, uploadedAt, size: input.size, notes: input.notes };
    return v;
  });
  const key = artifactKey(loc, input.model, version);
  const out = await s3Client().send(
    new CreateMultipartUploadCommand({ Bucket: loc.bucket, Key: key, ContentType: "application/gzip", Metadata: { "uploaded-by": actor } }),
  );
  recordUploadSession({ uploadId: out.UploadId!, endpoint, bucket: loc.bucket, key, model: input.model, version, actor });
  await updateHead(loc, input.model, (head) => {
    const entry = head.versions[version];
    if (entry?.state === "uploading") entry.uploadId = out.UploadId;
  });
  const partSize = partSizeFor(input.size);
  return {
    key,
    uploadId: out.UploadId!,
    version,
    partSize,
    partCount: Math.max(1, Math.ceil(input.size / partSize)),
    expiresAfterIdleS: uploadIdleExpirySeconds(),
  };
}
