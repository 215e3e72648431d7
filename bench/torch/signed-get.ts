import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { CREDENTIALS, REGION } from "../engine/bench-endpoint";

/** A GET of the engine's own `/_mme/...` routes, signed as the console signs them (service sagemaker). */
export async function signedGet<T>(engineUrl: string, path: string): Promise<T> {
  const url = new URL(path, engineUrl);
  const request = { method: "GET", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } };
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: "sagemaker", sha256: Sha256 });
  const res = await fetch(url, { headers: (await signer.sign(request)).headers });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
