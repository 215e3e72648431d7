import "server-only";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { BackendConfig } from "@/server/aws/backend-config";

/**
 * Attempts per call on AWS (the first and 3 retries). With the adaptive retry mode the client also
 * slows itself down when AWS throttles (a token bucket per client, so per service, shared by every call), so
 * retries do not add to the storm; what still fails is answered as `throttled` (server/route/api-error.ts).
 */
const AWS_MAX_ATTEMPTS = 4;

/** Options every SDK client shares: the local engine gets its endpoint and keys (and fails fast), AWS the default chain. */
export function clientOptions(config: BackendConfig) {
  return config.kind === "local"
    ? { region: config.region, endpoint: config.endpoint, credentials: config.credentials, maxAttempts: 2 }
    : { region: config.region, retryMode: "adaptive", maxAttempts: AWS_MAX_ATTEMPTS };
}

/**
 * The S3 client's options. Checksums only where S3 requires them (DeleteObjects and the like, none of
 * which the console sends): by default the SDK puts a CRC32 (of an empty body) on every presigned
 * UploadPart URL and validates response checksums, which S3-compatible stores (MinIO, R2, SeaweedFS)
 * refuse or do not send. The console checks each artifact itself (sha256 of the stored object).
 */
export function s3ClientOptions(config: BackendConfig): S3ClientConfig {
  return {
    ...clientOptions(config),
    forcePathStyle: config.s3ForcePathStyle,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}
