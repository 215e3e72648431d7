import "server-only";
import { AbortMultipartUploadCommand } from "@aws-sdk/client-s3";
import { s3Client } from "@/server/aws/client-factory";
import { updateHead } from "@/server/bff/models/model-head";
import { parseArtifactKey } from "@/server/bff/models/registry-keys";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";

/** Cancels an upload: S3 drops its parts, and the reserved version disappears (its number is not reused). */
export async function abortUpload(endpoint: string, input: { key: string; uploadId: string }): Promise<{ aborted: true }> {
  const loc = await modelDataLocation(endpoint);
  const { model, version } = parseArtifactKey(loc, input.key);
  await s3Client()
    .send(new AbortMultipartUploadCommand({ Bucket: loc.bucket, Key: input.key, UploadId: input.uploadId }))
    .catch((e) => {
      if (e?.name !== "NoSuchUpload") throw e;
    });
  await updateHead(loc, model, (head) => {
    if (head.versions[version]?.state === "uploading") delete head.versions[version];
  });
  return { aborted: true };
}
