import "server-only";
import { S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { readBackendConfig, type BackendConfig } from "@/server/aws/backend-config";
import { s3ClientOptions } from "@/server/aws/client-options";

/**
 * Buckets the probe presigns for: a plain name (virtual-hosted where the SDK does that, so the
 * bucket becomes the host's first label) and a dotted one (which the SDK addresses path-style
 * over https, e.g. `s3.<region>.amazonaws.com/<bucket>`).
 */
const PROBE_BUCKETS = ["mme-csp-probe", "mme.csp.probe"];

/**
 * The origins the browser may send presigned uploads to (the CSP's connect-src): the origins of
 * UploadPart URLs presigned by an S3 client built with the console's own S3 options, so the SDK's
 * own endpoint resolution decides (region and partition such as amazonaws.com.cn, FIPS, dual-stack,
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, path-style), with the bucket's label made a wildcard,
 * plus MME_UPLOAD_ORIGINS. No credentials are looked up and nothing leaves the process.
 */
async function deriveUploadOrigins(config: BackendConfig): Promise<string[]> {
  const probe = new S3Client({ ...s3ClientOptions(config), credentials: { accessKeyId: "csp-probe", secretAccessKey: "csp-probe" } });
  const origins = new Set<string>();
  try {
    for (const bucket of PROBE_BUCKETS) {
      try {
        const url = new URL(await getSignedUrl(probe, new UploadPartCommand({ Bucket: bucket, Key: "probe", UploadId: "probe", PartNumber: 1 }), { expiresIn: 60 }));
        const host = url.host.startsWith(`${bucket}.`) ? `*.${url.host.slice(bucket.length + 1)}` : url.host;
        origins.add(`${url.protocol}//${host}`);
      } catch (e) {
        // e.g. dual-stack with a custom endpoint, or a dotted bucket virtual-hosted on an IP: the
        // console could not presign for such a bucket either.
        console.warn(`[csp] no upload origin for a bucket like "${bucket}":`, e instanceof Error ? e.message : e);
      }
    }
  } finally {
    probe.destroy();
  }
  for (const o of config.extraUploadOrigins) origins.add(o);
  return [...origins];
}

let memo: Promise<string[]> | undefined;

/** deriveUploadOrigins for this process's backend, computed once (the proxy asks on every page). */
export function uploadOrigins(): Promise<string[]> {
  memo ??= deriveUploadOrigins(readBackendConfig());
  return memo;
}
