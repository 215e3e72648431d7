import { createHmac, hash, timingSafeEqual } from "node:crypto";
import { ALGORITHM_IDENTIFIER, createScope, UNSIGNED_PAYLOAD } from "@smithy/signature-v4";
import { canonicalRequest } from "./canonical-request";
import { KeptResults } from "./kept-results";
import { parseAmzDate, parseAuthorization, parsePresigned, parseQuery } from "./parse-sigv4";
import type { ParsedAuth, Query, SigV4Failure, SigV4Options, SigV4Request, SigV4Result } from "./sigv4-types";

/**
 * AWS Signature Version 4 verification, for every service the engine speaks: header auth
 * (`Authorization: AWS4-HMAC-SHA256 ...`) and presigned URLs (`X-Amz-Signature` in the query).
 * The request is rebuilt from its method, raw path, query, the headers it names as signed and its
 * body (canonical-request.ts), hashed and signed with node:crypto under a cached signing key;
 * signatures are compared in constant time. This runs on every request, so it avoids the SDK
 * signer's general-purpose (and pure-JS SHA-256) path. The result says what is wrong in
 * protocol-neutral terms; each protocol words it the way its AWS service does (see sigv4-errors.ts).
 *
 * S3 is verified before its body is read (a body can be 5 GB): the signature then covers the
 * payload hash the client declared in `x-amz-content-sha256`, and S3's payload reader checks the
 * body against that declaration while streaming it (see s3/payload/).
 */

/** The `x-amz-content-sha256` values S3 accepts besides a hex digest. */
export const STREAMING_PAYLOADS = [
  UNSIGNED_PAYLOAD,
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
] as const;

/** AWS accepts requests signed up to 15 minutes before or after its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function verifySigV4(req: SigV4Request, opts: SigV4Options): SigV4Result {
  const query = parseQuery(req.rawQuery);
  const presigned = query["X-Amz-Algorithm"] !== undefined || query["X-Amz-Signature"] !== undefined;
  const authorization = req.headers.authorization;
  if (!presigned && authorization === undefined) return fail({ kind: "missing" });

  const parsed = presigned ? parsePresigned(query) : parseAuthorization(authorization!, req.headers["x-amz-date"]);
  if ("kind" in parsed) return fail(parsed.kind === "incomplete" ? { ...parsed, presigned } : parsed);

  const secret = opts.secretFor(parsed.accessKeyId);
  if (secret === undefined) return fail({ kind: "unknown-access-key", accessKeyId: parsed.accessKeyId });

  const requestDate = parseAmzDate(parsed.amzDate);
  if (!requestDate) {
    return fail({ kind: "incomplete", presigned, message: `Invalid date "${parsed.amzDate}": it must be in ISO 8601 basic format (yyyyMMdd'T'HHmmss'Z').` });
  }
  const now = opts.now ?? new Date();
  const timing = checkTiming(parsed, requestDate, now, presigned);
  if (timing) return fail(timing);

  if (parsed.scopeDate !== parsed.amzDate.slice(0, 8)) {
    return fail({ kind: "scope-date-mismatch", scopeDate: parsed.scopeDate, requestTime: parsed.amzDate, presigned });
  }
  if (parsed.scopeRegion !== opts.region) return fail({ kind: "wrong-region", region: parsed.scopeRegion, presigned });
  if (parsed.scopeService !== opts.service) return fail({ kind: "wrong-service", service: parsed.scopeService, presigned });

  const payloadHash = presigned
    ? presignedPayloadHash(req, opts)
    : opts.payload === "declared"
      ? declaredPayloadHash(req)
      : headerPayloadHash(req, opts);
  if (typeof payloadHash !== "string") return fail(payloadHash);

  const scope = createScope(parsed.scopeDate, parsed.scopeRegion, parsed.scopeService);
  const key = signingKey(secret, parsed);
  const expected = computeSignature(req, query, parsed, payloadHash, { scope, key }, opts);
  const ok =
    expected.signature.length === parsed.signature.length &&
    timingSafeEqual(Buffer.from(expected.signature), Buffer.from(parsed.signature));
  if (!ok) {
    return fail({
      kind: "signature-mismatch",
      accessKeyId: parsed.accessKeyId,
      signatureProvided: parsed.signature,
      canonicalRequest: expected.canonicalRequest,
      stringToSign: expected.stringToSign,
    });
  }
  const seed = { signature: parsed.signature, amzDate: parsed.amzDate, scope, signingKey: key };
  return { ok: true, accessKeyId: parsed.accessKeyId, presigned, payloadHash, seed };
}

const fail = (failure: SigV4Failure): SigV4Result => ({ ok: false, failure });

const amzDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");

function checkTiming(p: ParsedAuth, requestDate: Date, now: Date, presigned: boolean): SigV4Failure | undefined {
  if (requestDate.getTime() > now.getTime() + MAX_SKEW_MS) {
    const latest = amzDate(new Date(now.getTime() + MAX_SKEW_MS));
    return { kind: "not-yet-current", requestTime: p.amzDate, latest, now: amzDate(now), presigned };
  }
  if (p.expires !== undefined) {
    const expiresAt = new Date(requestDate.getTime() + p.expires * 1000);
    return now > expiresAt ? { kind: "presign-expired", expires: p.expires, expiresAt, now } : undefined;
  }
  if (requestDate.getTime() < now.getTime() - MAX_SKEW_MS) {
    return { kind: "expired", requestTime: p.amzDate, earliest: amzDate(new Date(now.getTime() - MAX_SKEW_MS)), now: amzDate(now) };
  }
  return undefined;
}

/**
 * The body's hash as the canonical request must carry it. A claimed `x-amz-content-sha256`
 * must be the body's actual hash, or a signed request could carry any body.
 */
function headerPayloadHash(req: SigV4Request, opts: SigV4Options): string | SigV4Failure {
  const body = req.body ?? new Uint8Array();
  const computed = body.byteLength === 0 ? EMPTY_SHA256 : hash("sha256", body, "hex");
  const claimed = req.headers["x-amz-content-sha256"];
  if (claimed === undefined) return computed;
  if (claimed === UNSIGNED_PAYLOAD && opts.allowUnsignedPayload) return claimed;
  if (claimed !== computed) return { kind: "payload-hash-mismatch", claimed, computed };
  return claimed;
}

/** S3 requires the header with header auth; a hex digest is checked against the body later. */
function declaredPayloadHash(req: SigV4Request): string | SigV4Failure {
  const claimed = req.headers["x-amz-content-sha256"];
  if (claimed === undefined) return { kind: "missing-payload-hash" };
  if (/^[0-9a-f]{64}$/.test(claimed) || (STREAMING_PAYLOADS as readonly string[]).includes(claimed)) return claimed;
  return { kind: "invalid-payload-hash", claimed };
}

/**
 * AWS4 key derivation: the secret, narrowed by date, region, service and terminator. A key is
 * good for a whole UTC day, so the few in use are kept rather than derived again per request.
 */
function signingKey(secret: string, p: ParsedAuth): Buffer {
  return signingKeys.get(`${p.scopeDate}\n${p.scopeRegion}\n${p.scopeService}\n${secret}`, () => {
    const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
    return hmac(hmac(hmac(hmac(`AWS4${secret}`, p.scopeDate), p.scopeRegion), p.scopeService), "aws4_request");
  });
}
const signingKeys = new KeptResults<Buffer>(64);

/** S3's presigned URLs never sign the body; another service's (STS) sign its hash, as a header-signed request does. */
function presignedPayloadHash(req: SigV4Request, opts: SigV4Options): string | SigV4Failure {
  if (opts.allowUnsignedPayload) return UNSIGNED_PAYLOAD;
  if (opts.allowPresigned) return headerPayloadHash(req, opts);
  return { kind: "incomplete", message: "This service does not accept presigned requests." };
}

function computeSignature(
  req: SigV4Request,
  query: Query,
  p: ParsedAuth,
  payloadHash: string,
  signing: { scope: string; key: Buffer },
  opts: SigV4Options,
): { signature: string; canonicalRequest: string; stringToSign: string } {
  // Only the headers the client signed take part; a listed header that is absent cannot match.
  const canonical = canonicalRequest({
    method: req.method,
    path: req.path,
    query,
    signedHeaders: p.signedHeaders,
    headers: req.headers,
    payloadHash,
    uriEscapePath: opts.uriEscapePath ?? true,
  });
  const stringToSign = `${ALGORITHM_IDENTIFIER}\n${p.amzDate}\n${signing.scope}\n${hash("sha256", canonical, "hex")}`;
  const signature = createHmac("sha256", signing.key).update(stringToSign).digest("hex");
  return { signature, canonicalRequest: canonical, stringToSign };
}
