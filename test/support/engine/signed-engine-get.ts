import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";

/**
 * GET one of the engine's own routes (`/_mme/...`), SigV4-signed as the console signs them
 * (service sagemaker, the local engine's keys). Throws with the body on any status but 200.
 */
export async function signedEngineGet<T>(engineUrl: string, path: string): Promise<T> {
  const url = new URL(path, engineUrl);
  const signer = new SignatureV4({
    credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey },
    region: LOCAL_ENGINE_DEFAULTS.region,
    service: "sagemaker",
    sha256: Sha256,
  });
  const signed = await signer.sign({ method: "GET", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } });
  const res = await fetch(url, { headers: signed.headers });
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
