import "server-only";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { BackendConfig } from "@/server/aws/backend-config";

/** Options every SDK client shares: the local engine gets its endpoint and keys (and fails fast), AWS the default chain. */
export function clientOptions(config: BackendConfig) {
  return config.kind === "local"
    ? { region: config.region, endpoint: config.endpoint, credentials: config.credentials, maxAttempts: 2 }
    : { region: config.region };
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
