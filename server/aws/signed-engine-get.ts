import "server-only";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { BackendConfig } from "@/server/aws/backend-config";

/** How long the console waits for the engine's developer routes before calling it unreachable. */
const TIMEOUT_MS = 5_000;

/**
 * A GET of one of the local engine's developer routes (`/_mme/…`), which no SDK client knows:
 * signed with SigV4 exactly as the SDK signs (service `sagemaker`, the engine's region and keys),
 * because the engine accepts nothing unsigned but its health check.
 */
export async function signedEngineGet(config: Extract<BackendConfig, { kind: "local" }>, path: string): Promise<Response> {
  const url = new URL(path, config.endpoint);
  const signer = new SignatureV4({ credentials: config.credentials, region: config.region, service: "sagemaker", sha256: Sha256 });
  const signed = await signer.sign({
    method: "GET",
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: { host: url.host, accept: "application/json" },
  });
  return fetch(url, { method: "GET", headers: signed.headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
}
