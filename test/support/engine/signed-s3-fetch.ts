import { createHash } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { TEST_CONFIG, TEST_CREDENTIALS } from "./start-test-engine";

export type SignedS3RequestOptions = {
  method?: string;
  /** Already percent-encoded, e.g. `/bucket/a%20key`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  /** What `x-amz-content-sha256` declares; the body's real hash by default; null to leave it out. */
  payloadHash?: string | null;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  signingDate?: Date;
};

export type SignedS3Request = { url: string; method: string; headers: Record<string, string>; signature: string; amzDate: string };

/**
 * An S3 request signed by hand with the SDK's signer, for what the S3 client will not send (a
 * lying x-amz-content-sha256, an aws-chunked body framed by the test). The signature is the seed
 * of an aws-chunked signature chain.
 */
export async function signS3Request(engineUrl: string, opts: SignedS3RequestOptions): Promise<SignedS3Request> {
  const url = new URL(opts.path, engineUrl);
  const method = opts.method ?? "PUT";
  const headers: Record<string, string> = { host: url.host, ...opts.headers };
  if (opts.payloadHash !== null) headers["x-amz-content-sha256"] = opts.payloadHash ?? createHash("sha256").update(opts.body ?? Buffer.alloc(0)).digest("hex");
  const signer = new SignatureV4({
    credentials: opts.credentials ?? TEST_CREDENTIALS,
    region: TEST_CONFIG.region,
    service: "s3",
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: opts.query ?? {}, headers },
    { signingDate: opts.signingDate },
  );
  const search = new URLSearchParams(opts.query ?? {}).toString();
  return {
    url: `${url.origin}${url.pathname}${search ? `?${search}` : ""}`,
    method,
    headers: signed.headers as Record<string, string>,
    signature: /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? "")?.[1] ?? "",
    amzDate: signed.headers["x-amz-date"]!,
  };
}

/** Signs and sends; `body` defaults to the signed one (pass another to send something else). */
export async function signedS3Fetch(engineUrl: string, opts: SignedS3RequestOptions, body = opts.body): Promise<Response> {
  const req = await signS3Request(engineUrl, opts);
  return fetch(req.url, { method: req.method, headers: req.headers, body: body && body.length > 0 ? new Uint8Array(body) : undefined });
}
