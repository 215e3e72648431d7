import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Checksum, SourceData } from "@smithy/types";

/** SHA-256 (or its HMAC, given a secret) on Node's native crypto, in the shape the signer wants. */
class NodeSha256 implements Checksum {
  private h: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(this.secret));
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    this.h = this.fresh();
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === "string") return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export type Credentials = { accessKeyId: string; secretAccessKey: string };

/**
 * Signs a SageMaker runtime InvokeEndpoint request with @smithy/signature-v4 (the SDK's own
 * signer), as the SDK would: header auth, service `sagemaker`, payload hash in the signature.
 */
export class InvokeSigner {
  private readonly signer: SignatureV4;

  constructor(
    private readonly host: string,
    credentials: Credentials,
    region: string,
  ) {
    this.signer = new SignatureV4({ credentials, region, service: "sagemaker", sha256: NodeSha256 });
  }

  async sign(endpointName: string, targetModel: string, body: Uint8Array, contentType = "application/json") {
    const path = `/endpoints/${encodeURIComponent(endpointName)}/invocations`;
    const signed = await this.signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: this.host.split(":")[0]!,
      port: Number(this.host.split(":")[1]),
      path,
      query: {},
      headers: {
        host: this.host,
        "content-type": contentType,
        accept: "application/json",
        "x-amzn-sagemaker-target-model": targetModel,
      },
      body,
    });
    return { method: "POST", path, headers: signed.headers as Record<string, string>, body };
  }
}
