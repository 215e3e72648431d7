import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { TEST_CONFIG, TEST_CREDENTIALS } from "./start-test-engine";

export type SignedFetchOptions = {
  target?: string;
  body?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  service?: string;
  signingDate?: Date;
  path?: string;
  /** Changes the body after signing, to prove the body is covered by the signature. */
  tamperBody?: string;
};

/** An awsJson request signed by hand, for what the SDK will not send (wrong service, a bad op). */
export async function signedFetch(engineUrl: string, opts: SignedFetchOptions = {}): Promise<Response> {
  const url = new URL(opts.path ?? "/", engineUrl);
  const body = opts.body ?? "{}";
  const headers: Record<string, string> = {
    host: url.host,
    "content-type": "application/x-amz-json-1.1",
  };
  if (opts.target) headers["x-amz-target"] = opts.target;
  const signer = new SignatureV4({
    credentials: opts.credentials ?? TEST_CREDENTIALS,
    region: opts.region ?? TEST_CONFIG.region,
    service: opts.service ?? "sagemaker",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    { method: "POST", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body },
    { signingDate: opts.signingDate },
  );
  return fetch(url, { method: "POST", headers: signed.headers, body: opts.tamperBody ?? body });
}
