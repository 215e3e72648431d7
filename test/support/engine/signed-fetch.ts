import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { TEST_CONFIG, TEST_CREDENTIALS } from "./start-test-engine";

export type SignedFetchOptions = {
  method?: string;
  /** Adds `x-amz-target` (awsJson protocols). */
  target?: string;
  /** Default `{}` for a POST, none for a GET. */
  body?: string | Uint8Array;
  /** Default `application/x-amz-json-1.1` when there is a body. */
  contentType?: string;
  headers?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  service?: string;
  signingDate?: Date;
  path?: string;
  /** Changes the body after signing, to prove the body is covered by the signature. */
  tamperBody?: string;
};

/** A request signed by hand, for what the SDKs will not send (a wrong service, a bad op, a raw protocol body, the engine's own routes). */
export async function signedFetch(engineUrl: string, opts: SignedFetchOptions = {}): Promise<Response> {
  const url = new URL(opts.path ?? "/", engineUrl);
  const method = opts.method ?? "POST";
  const body = opts.body ?? (method === "GET" ? undefined : "{}");
  const headers: Record<string, string> = { host: url.host };
  if (body !== undefined) headers["content-type"] = opts.contentType ?? "application/x-amz-json-1.1";
  if (opts.target) headers["x-amz-target"] = opts.target;
  Object.assign(headers, opts.headers);
  const signer = new SignatureV4({
    credentials: opts.credentials ?? TEST_CREDENTIALS,
    region: opts.region ?? TEST_CONFIG.region,
    service: opts.service ?? "sagemaker",
    sha256: Sha256,
  });
  const query = Object.fromEntries(url.searchParams);
  const signed = await signer.sign(
    { method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, ...(body !== undefined ? { body } : {}) },
    { signingDate: opts.signingDate },
  );
  return fetch(url, { method, headers: signed.headers, ...(body !== undefined ? { body: opts.tamperBody ?? (body as BodyInit) } : {}) });
}
