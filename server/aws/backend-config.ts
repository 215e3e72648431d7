import "server-only";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";

type Env = Record<string, string | undefined>;

/** What both backends share: where S3 puts the bucket, and origins the browser may upload to beyond those derived. */
type S3Settings = {
  region: string;
  /** Path-style S3 addressing (`host/bucket/key`) rather than virtual-hosted (`bucket.host/key`). */
  s3ForcePathStyle: boolean;
  /** MME_UPLOAD_ORIGINS: added to the CSP's connect-src beside the origins the S3 client presigns for. */
  extraUploadOrigins: string[];
};

/**
 * Which backend the console talks to. `local` (the default) is the embedded engine on loopback;
 * `aws` is real AWS with the region and the default credential provider chain. This is the only
 * place that knows the difference: everything above it sends the same SDK commands either way.
 */
export type BackendConfig =
  | (S3Settings & { kind: "local"; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } })
  | (S3Settings & { kind: "aws" });

export function readBackendConfig(env: Env = process.env): BackendConfig {
  const kind = env.MME_BACKEND ?? "local";
  const extraUploadOrigins = parseUploadOrigins(env.MME_UPLOAD_ORIGINS);
  if (kind === "aws") {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error("MME_BACKEND=aws needs AWS_REGION (or AWS_DEFAULT_REGION)");
    return { kind: "aws", region, s3ForcePathStyle: awsForcePathStyle(env), extraUploadOrigins };
  }
  if (kind !== "local") throw new Error(`MME_BACKEND must be "local" or "aws", not "${kind}"`);
  const port = env.MME_ENGINE_PORT ?? String(LOCAL_ENGINE_DEFAULTS.port);
  return {
    kind: "local",
    region: env.MME_ENGINE_REGION ?? LOCAL_ENGINE_DEFAULTS.region,
    endpoint: env.MME_ENGINE_URL ?? `http://127.0.0.1:${port}`,
    credentials: {
      accessKeyId: env.MME_ENGINE_ACCESS_KEY_ID ?? LOCAL_ENGINE_DEFAULTS.accessKeyId,
      secretAccessKey: env.MME_ENGINE_SECRET_ACCESS_KEY ?? LOCAL_ENGINE_DEFAULTS.secretAccessKey,
    },
    // The engine serves path-style buckets only.
    s3ForcePathStyle: true,
    extraUploadOrigins,
  };
}

/**
 * MME_S3_FORCE_PATH_STYLE=true|false decides; unset, path-style is on when the S3 endpoint the SDK
 * will use (AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, as the SDK reads them) is an IP address or
 * localhost, where `<bucket>.<host>` cannot resolve (and is not even a URL for a dotted bucket).
 * An endpoint set only in the shared config file is not seen here: set the variable for it.
 */
function awsForcePathStyle(env: Env): boolean {
  const setting = env.MME_S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  if (setting === "true") return true;
  if (setting === "false") return false;
  if (setting) throw new Error(`MME_S3_FORCE_PATH_STYLE must be "true" or "false", not "${env.MME_S3_FORCE_PATH_STYLE}"`);
  const endpoint = configuredS3Endpoint(env);
  if (!endpoint) return false;
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return isIpOrLocalhost(host);
}

function configuredS3Endpoint(env: Env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return undefined;
  return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

function isIpOrLocalhost(host: string): boolean {
  return host === "localhost" || host.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** A CSP host-source for an upload target: scheme, host (a leading `*.` allowed), optional port; nothing else. */
const ORIGIN_SOURCE = /^https?:\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** MME_UPLOAD_ORIGINS: space-separated origins; anything else would change the CSP's meaning, so it is refused. */
function parseUploadOrigins(value: string | undefined): string[] {
  const items = (value ?? "").split(/\s+/).filter(Boolean);
  for (const item of items) {
    if (!ORIGIN_SOURCE.test(item.replace(/\/$/, ""))) {
      throw new Error(`MME_UPLOAD_ORIGINS: "${item}" is not an origin such as https://uploads.example.com or https://*.s3.example.com`);
    }
  }
  return items.map((i) => i.replace(/\/$/, ""));
}
