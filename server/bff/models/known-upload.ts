import "server-only";
import { targetModel } from "@/server/bff/models/registry-keys";
import { describeUploadIdleExpiry } from "@/server/bff/models/upload-idle-expiry";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";
import { findUploadSession, type UploadSession } from "@/server/console-store/upload-sessions";
import { ApiError } from "@/server/route/api-error";

/**
 * The console's record of an upload it started, checked against the request: the upload must be
 * one this console opened on this endpoint (else 404), and the key the one it writes (else 400).
 * Only such uploads get signed, completed or aborted through the console, and their bucket and key
 * come from the record, never from a SageMaker lookup.
 */
export function knownUpload(endpoint: string, input: { key: string; uploadId: string }): UploadSession {
  const upload = findUploadSession(input.uploadId);
  // SageMaker's names are case-insensitive: "Reg" and "reg" are one endpoint.
  if (!upload || upload.endpoint.toLowerCase() !== endpoint.toLowerCase()) {
    throw new ApiError(
      "not_found",
      `This upload is not known to the console (it was completed, aborted, expired after ${describeUploadIdleExpiry()} without a word from its browser, or never started here)`,
    );
  }
  if (upload.key !== input.key) throw new ApiError("bad_request", `"${input.key}" is not the key this upload was started for`);
  return upload;
}

/** The location the upload was started under: its key is `<prefix><model>/v<N>.tar.gz`. */
export function uploadLocation(upload: UploadSession): ModelDataLocation {
  const prefix = upload.key.slice(0, upload.key.length - targetModel(upload.model, upload.version).length);
  return { endpoint: upload.endpoint, bucket: upload.bucket, prefix };
}
