import "server-only";
import { UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { s3Client } from "@/server/aws/client-factory";
import { parseArtifactKey } from "@/server/bff/models/registry-keys";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";

/** Short-lived: the browser asks for the next batch as it goes, so a slow upload never outlives its URLs. */
const URL_TTL_S = 15 * 60;

/** Presigned UploadPart URLs for parts of one of this endpoint's uploads; the browser PUTs to them directly. */
export async function signUploadParts(endpoint: string, input: { key: string; uploadId: string; partNumbers: number[] }) {
  const loc = await modelDataLocation(endpoint);
  parseArtifactKey(loc, input.key);
  const urls = await Promise.all(
    input.partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await getSignedUrl(s3Client(), new UploadPartCommand({ Bucket: loc.bucket, Key: input.key, UploadId: input.uploadId, PartNumber: partNumber }), {
        expiresIn: URL_TTL_S,
      }),
    })),
  );
  return { parts: urls };
}
