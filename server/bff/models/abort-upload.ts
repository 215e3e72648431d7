import "server-only";
import { AbortMultipartUploadCommand } from "@aws-sdk/client-s3";
import { s3Client } from "@/server/aws/client-factory";
import { knownUpload, uploadLocation } from "@/server/bff/models/known-upload";
import { updateHead } from "@/server/bff/models/model-head";
import { forgetUploadSession } from "@/server/console-store/upload-sessions";

/** Cancels an upload: S3 drops its parts, and the reserved version disappears (its number is not reused). */
export async function abortUpload(endpoint: string, input: { key: string; uploadId: string }): Promise<{ aborted: true }> {
  const upload = knownUpload(endpoint, input);
  await s3Client()
    .send(new AbortMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: upload.uploadId }))
    .catch((e) => {
      if (e?.name !== "NoSuchUpload") throw e;
    });
  await updateHead(uploadLocation(upload), upload.model, (head) => {
    if (head.versions[upload.version]?.state === "uploading") delete head.versions[upload.version];
  });
  forgetUploadSession(upload.uploadId);
  return { aborted: true };
}
