import "server-only";
import { UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { s3Client } from "@/server/aws/client-factory";
import { knownUpload } from "@/server/bff/models/known-upload";
import { touchUploadSession } from "@/server/console-store/upload-sessions";

/** Short-lived: the browser asks for the next batch as it goes, so a slow upload never outlives its URLs. */
const URL_TTL_S = 15 * 60;

/**
 * Presigned UploadPart URLs for parts of one of this endpoint's uploads; the browser PUTs to them
 * directly. No call leaves the console: the bucket and key are the console's record of the upload
 * (a 3,200-part upload used to cost 480 SageMaker Describes), and presigning is local.
 */
export async function signUploadParts(endpoint: string, input: { key: string; uploadId: string; partNumbers: number[] }) {
  const upload = knownUpload(endpoint, input);
  // Asking for URLs (or the browser's heartbeat, which re-signs the next part) keeps the upload from expiring.
  touchUploadSession(upload.uploadId);
  const s3 = s3Client();
  const urls = await Promise.all(
    input.partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await getSignedUrl(s3, new UploadPartCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: upload.uploadId, PartNumber: partNumber }), {
        expiresIn: URL_TTL_S,
      }),
    })),
  );
  return { parts: urls };
}
