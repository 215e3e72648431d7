import { createHash } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { verifySigV4 } from "./verify-sigv4";
import type { SigV4Options, SigV4Request } from "./sigv4-types";

const creds = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const s3Opts = (now: Date): SigV4Options => ({
  service: "s3",
  region: "us-east-1",
  secretFor: (id) => (id === creds.accessKeyId ? creds.secretAccessKey : undefined),
  now,
  uriEscapePath: false,
  allowUnsignedPayload: true,
});
const s3Signer = new SignatureV4({ credentials: creds, region: "us-east-1", service: "s3", sha256: Sha256, uriEscapePath: false });

/** Turns a request the SDK's signer produced back into what the engine receives on the wire. */
function received(r: HttpRequest, body = ""): SigV4Request {
  const rawQuery = Object.entries(r.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: r.method, path: r.path, rawQuery, headers, body: Buffer.from(body) };
}

const base = (path = "/my-bucket/models/resnet%20v1.tar.gz"): HttpRequest =>
  ({ method: "GET", protocol: "http:", hostname: "127.0.0.1", port: 9470, path, query: {}, headers: { host: "127.0.0.1:9470" } }) as HttpRequest;

describe("verifySigV4: presigned URLs (S3)", () => {
  const signedAt = new Date("2026-01-02T03:04:05Z");

  it("accepts a URL presigned by the SDK's signer, within its validity", async () => {
    const req = { ...base(), headers: { ...base().headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } } as HttpRequest;
    const presigned = await s3Signer.presign(req, { signingDate: signedAt, expiresIn: 900, unsignableHeaders: new Set(["x-amz-content-sha256"]), unhoistableHeaders: new Set(["x-amz-content-sha256"]) });
    const wire = received({ ...presigned, headers: { host: "127.0.0.1:9470" } } as HttpRequest);
    const result = await verifySigV4(wire, s3Opts(new Date(signedAt.getTime() + 60_000)));
    expect(result).toMatchObject({ ok: true, accessKeyId: creds.accessKeyId, presigned: true, payloadHash: "UNSIGNED-PAYLOAD" });
  });

  it("refuses it once expired, or when the path was changed", async () => {
    const presigned = await s3Signer.presign(
      { ...base(), headers: { ...base().headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } } as HttpRequest,
      { signingDate: signedAt, expiresIn: 60, unsignableHeaders: new Set(["x-amz-content-sha256"]), unhoistableHeaders: new Set(["x-amz-content-sha256"]) },
    );
    const wire = received({ ...presigned, headers: { host: "127.0.0.1:9470" } } as HttpRequest);
    const late = await verifySigV4(wire, s3Opts(new Date(signedAt.getTime() + 61_000)));
    expect(late).toMatchObject({ ok: false, failure: { kind: "presign-expired" } });
    const moved = await verifySigV4({ ...wire, path: "/my-bucket/other.tar.gz" }, s3Opts(new Date(signedAt.getTime() + 1000)));
    expect(moved).toMatchObject({ ok: false, failure: { kind: "signature-mismatch" } });
  });
});

describe("verifySigV4: payload hashes", () => {
  const now = new Date("2026-01-02T03:04:05Z");

  it("accepts UNSIGNED-PAYLOAD for S3 only", async () => {
    const req = { ...base(), method: "PUT", headers: { ...base().headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, body: "data" } as HttpRequest;
    const signed = await s3Signer.sign(req, { signingDate: now });
    expect(await verifySigV4(received(signed, "data"), s3Opts(now))).toMatchObject({ ok: true });
    const strict = { ...s3Opts(now), allowUnsignedPayload: false };
    expect(await verifySigV4(received(signed, "data"), strict)).toMatchObject({ ok: false, failure: { kind: "payload-hash-mismatch" } });
  });

  it("refuses a body that does not match its declared hash", async () => {
    const hash = createHash("sha256").update("data").digest("hex");
    const req = { ...base(), method: "PUT", headers: { ...base().headers, "x-amz-content-sha256": hash }, body: "data" } as HttpRequest;
    const signed = await s3Signer.sign(req, { signingDate: now });
    expect(await verifySigV4(received(signed, "data"), s3Opts(now))).toMatchObject({ ok: true });
    expect(await verifySigV4(received(signed, "DATA"), s3Opts(now))).toMatchObject({ ok: false, failure: { kind: "payload-hash-mismatch" } });
  });
});
