import "server-only";
import { AbortMultipartUploadCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { s3Client } from "@/server/aws/client-factory";
import { updateHead } from "@/server/bff/models/model-head";
import { artifactKey, versionRecordKey } from "@/server/bff/models/registry-keys";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { forgetUploadSession } from "@/server/console-store/upload-sessions";
import { ApiError } from "@/server/route/api-error";

/**
 * Deletes a version (or discards an upload that never finished). Refused while an alias points
 * at it or it is an alias's canary: the check and the removal are one compare-and-swap of the
 * model's head, so an alias set concurrently either lands first (and the delete is refused) or
 * finds the version gone.
 */
export async function deleteVersion(endpoint: string, model: string, version: number): Promise<{ deleted: number }> {
  const loc = await modelDataLocation(endpoint);
  const removed = await updateHead(loc, model, (head) => {
    const entry = head.versions[version];
    if (!entry) throw new ApiError("not_found", `Model "${model}" has no version ${version}`);
    const aliases = Object.entries(head.aliases).filter(([, v]) => v === version).map(([a]) => a);
    if (aliases.length > 0) throw new ApiError("conflict", `Version ${version} is aliased as ${aliases.join(", ")}: move the alias first`);
    const canaries = Object.entries(head.canaries).filter(([, c]) => c.version === version).map(([a]) => a);
    if (canaries.length > 0) throw new ApiError("conflict", `Version ${version} is the canary of ${canaries.join(", ")}: promote or abort it first`);
    delete head.versions[version];
    return entry;
  });
  const s3 = s3Client();
  const key = artifactKey(loc, model, version);
  if (removed.state === "uploading" && removed.uploadId) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: loc.bucket, Key: key, UploadId: removed.uploadId })).catch((e) => {
      if (e?.name !== "NoSuchUpload") throw e;
    });
    forgetUploadSession(removed.uploadId);
  }
  await s3.send(new DeleteObjectCommand({ Bucket: loc.bucket, Key: key }));
  await s3.send(new DeleteObjectCommand({ Bucket: loc.bucket, Key: versionRecordKey(loc, model, version) }));
  return { deleted: version };
}
