import "server-only";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { BackendConfig } from "@/server/aws/backend-config";

/** How long the console waits for the engine's developer routes before calling it unreachable. */
const TIMEOUT_MS = 5_000;

type LocalBackend = Extract<BackendConfig, { kind: "local" }>;

/**
 * A GET of one of the local engine's developer routes (`/_mme/…`), which no SDK client knows:
 * signed with SigV4 exactly as the SDK signs (service `sagemaker`, the engine's region and keys),
 * because the engine accepts nothing unsigned but its health check.
 */
export async function signedEngineGet(config: LocalBackend, path: string): Promise<Response> {
  return signedEngineFetch(config, "GET", path, undefined, TIMEOUT_MS);
}

/**
 * A POST of a JSON body to one of the engine's developer routes, signed the same way (the body is
 * part of the signature). `timeoutMs`: routes that load models take as long as the loads.
 */
export async function signedEnginePost(config: LocalBackend, path: string, body: unknown, opts: { timeoutMs?: number } = {}): Promise<Response> {
  return signedEngineFetch(config, "POST", path, JSON.stringify(body), opts.timeoutMs ?? TIMEOUT_MS);
}

async function signedEngineFetch(config: LocalBackend, method: "GET" | "POST", path: string, body: string | undefined, timeoutMs: number): Promise<Response> {
  const url = new URL(path, config.endpoint);
  const signer = new SignatureV4({ credentials: config.credentials, region: config.region, service: "sagemaker", sha256: Sha256 });
  const headers: Record<string, string> = { host: url.host, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  return fetch(url, { method, headers: signed.headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
}
