import { Sha256 } from "@aws-crypto/sha256-js";
import { getCanonicalHeaders, SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { canonicalRequest } from "./canonical-request";
import { parseQuery } from "./parse-sigv4";

/** The SDK signer's own canonical request, for comparison: its steps are protected there. */
class ReferenceSigner extends SignatureV4 {
  canonical(request: HttpRequest, payloadHash: string): string {
    const names = new Set(Object.keys(request.headers).map((k) => k.toLowerCase()));
    return this.createCanonicalRequest(request, getCanonicalHeaders(request, undefined, names), payloadHash);
  }
}
const reference = (uriEscapePath: boolean) =>
  new ReferenceSigner({ credentials: { accessKeyId: "a", secretAccessKey: "b" }, region: "us-east-1", service: "s3", sha256: Sha256, uriEscapePath });

const cases: { name: string; path: string; rawQuery: string; headers: Record<string, string> }[] = [
  { name: "runtime invoke", path: "/endpoints/my-mme/invocations", rawQuery: "", headers: { host: "127.0.0.1:9470", "content-type": "application/json", "x-amz-date": "20260101T000000Z", "x-amzn-sagemaker-target-model": "m/resnet v1.tar.gz" } },
  { name: "encoded path, dot segments, trailing slash", path: "/a/./b/../c%20d/e%2Ff//", rawQuery: "", headers: { host: "h" } },
  { name: "query with repeats, reserved characters and empty values", path: "/bucket/key", rawQuery: "b=2&a=z&a=y&c&d=%21%27%28%29%2A&e=%E2%9C%93", headers: { host: "h" } },
  { name: "header values with runs of spaces, tabs and line breaks", path: "/", rawQuery: "x-id=PutObject", headers: { host: "h", "x-amz-meta-note": "  one \t two\r\n three  " } },
];

describe("canonicalRequest", () => {
  for (const uriEscapePath of [true, false]) {
    for (const c of cases) {
      it(`matches the SDK signer's (${c.name}, uriEscapePath ${uriEscapePath})`, () => {
        const query = parseQuery(c.rawQuery);
        const request = { method: "POST", protocol: "http:", hostname: "h", path: c.path, query, headers: c.headers } as HttpRequest;
        const ours = canonicalRequest({ method: "POST", path: c.path, query, signedHeaders: Object.keys(c.headers).join(";"), headers: c.headers, payloadHash: "UNSIGNED-PAYLOAD", uriEscapePath });
        expect(ours).toBe(reference(uriEscapePath).canonical(request, "UNSIGNED-PAYLOAD"));
      });
    }
  }

  it("leaves a presigned URL's own signature out of the canonical query", () => {
    const query = parseQuery("X-Amz-Signature=abc&X-Amz-Date=20260101T000000Z");
    const out = canonicalRequest({ method: "GET", path: "/b/k", query, signedHeaders: "host", headers: { host: "h" }, payloadHash: "UNSIGNED-PAYLOAD", uriEscapePath: false });
    expect(out.split("\n")[2]).toBe("X-Amz-Date=20260101T000000Z");
  });

  it("lowercases, deduplicates and sorts SignedHeaders as listed, again for a list already seen", () => {
    const input = { method: "GET", path: "/", query: {}, signedHeaders: "X-Amz-Date;host;x-amz-date", headers: { host: "h", "x-amz-date": "d" }, payloadHash: "x", uriEscapePath: true };
    const expected = "GET\n/\n\nhost:h\nx-amz-date:d\n\nhost;x-amz-date\nx";
    expect(canonicalRequest(input)).toBe(expected);
    expect(canonicalRequest(input)).toBe(expected);
  });

  it("encodes each path by itself when many are seen (past the kept encodings' limit, the oldest go)", () => {
    for (let i = 0; i < 600; i++) {
      const path = `/endpoints/e${i}%20x/invocations`;
      const out = canonicalRequest({ method: "POST", path, query: {}, signedHeaders: "host", headers: { host: "h" }, payloadHash: "x", uriEscapePath: true });
      expect(out.split("\n")[1]).toBe(`/endpoints/e${i}%2520x/invocations`);
    }
  });

  it("signs a listed header that was not sent as empty, so the signature cannot match a request that had it", () => {
    const out = canonicalRequest({ method: "GET", path: "/", query: {}, signedHeaders: "host;x-amz-date", headers: { host: "h" }, payloadHash: "x", uriEscapePath: true });
    expect(out).toContain("host:h\nx-amz-date:\n\nhost;x-amz-date\n");
  });
});
