import { ALGORITHM_IDENTIFIER } from "@smithy/signature-v4";
import type { ParsedAuth, Query, SigV4Failure } from "./sigv4-types";

/**
 * Reading SigV4 authentication out of a request: the Authorization header or the presigned
 * query parameters, the X-Amz-Date, and the raw query string.
 */

const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sagemaker/aws4_request, SignedHeaders=a;b, Signature=hex` */
export function parseAuthorization(header: string, amzDate: string | undefined): ParsedAuth | SigV4Failure {
  const trimmed = header.trim();
  const gap = trimmed.search(/\s/);
  const algorithm = gap === -1 ? trimmed : trimmed.slice(0, gap);
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    return { kind: "incomplete", message: `Authorization header requires the ${ALGORITHM_IDENTIFIER} algorithm. Authorization=${algorithm}` };
  }
  // The last of a repeated parameter counts.
  let credential: string | undefined;
  let signature: string | undefined;
  let signedHeaders: string | undefined;
  for (const part of (gap === -1 ? "" : trimmed.slice(gap + 1)).split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === "Credential") credential = part.slice(eq + 1).trim();
    else if (name === "Signature") signature = part.slice(eq + 1).trim();
    else if (name === "SignedHeaders") signedHeaders = part.slice(eq + 1).trim();
  }
  if (!credential || !signature || !signedHeaders || !amzDate) {
    const missing = [
      ...(credential ? [] : ["Authorization header requires 'Credential' parameter."]),
      ...(signature ? [] : ["Authorization header requires 'Signature' parameter."]),
      ...(signedHeaders ? [] : ["Authorization header requires 'SignedHeaders' parameter."]),
      ...(amzDate ? [] : ["Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."]),
    ];
    return { kind: "incomplete", message: `${missing.join(" ")} Authorization=${header}` };
  }
  return withCredential(credential, signedHeaders, signature, amzDate, undefined);
}

export function parsePresigned(query: Query): ParsedAuth | SigV4Failure {
  const get = (name: string) => {
    const v = query[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"];
  const absent = required.filter((name) => !get(name));
  if (absent.length > 0) {
    return { kind: "incomplete", message: `Query-string authentication requires the ${absent.join(", ")} parameter(s).` };
  }
  if (get("X-Amz-Algorithm") !== ALGORITHM_IDENTIFIER) {
    return { kind: "incomplete", message: `X-Amz-Algorithm only supports "${ALGORITHM_IDENTIFIER}".` };
  }
  const expires = Number(get("X-Amz-Expires"));
  if (!Number.isInteger(expires) || expires < 0) return { kind: "incomplete", message: "X-Amz-Expires should be a number" };
  if (expires > MAX_PRESIGN_SECONDS) {
    return { kind: "incomplete", message: `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}` };
  }
  return withCredential(get("X-Amz-Credential")!, get("X-Amz-SignedHeaders")!, get("X-Amz-Signature")!, get("X-Amz-Date")!, expires);
}

function withCredential(credential: string, signedHeaders: string, signature: string, amzDate: string, expires: number | undefined): ParsedAuth | SigV4Failure {
  const parts = credential.split("/");
  if (parts.length === 5 && parts[4] !== "aws4_request") {
    return { kind: "incomplete", message: `Credential should be scoped with a valid terminator: 'aws4_request', not '${parts[4]}'. ` };
  }
  if (parts.length !== 5 || parts.some((p) => p === "")) {
    return { kind: "incomplete", message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'` };
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService] = parts as [string, string, string, string, string];
  // Every member written out, not spread in: this runs for every request.
  return { accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaders, signature, amzDate, expires };
}

export function parseAmzDate(value: string): Date | undefined {
  if (!AMZ_DATE.test(value)) return undefined;
  const date = new Date(
    Date.UTC(+value.slice(0, 4), +value.slice(4, 6) - 1, +value.slice(6, 8), +value.slice(9, 11), +value.slice(11, 13), +value.slice(13, 15)),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}
const AMZ_DATE = /^\d{8}T\d{6}Z$/;

/** Splits a raw query string, decoding `%XX` but not `+` (SigV4 clients encode spaces as %20). */
export function parseQuery(raw: string): Query {
  const query: Query = {};
  if (!raw) return query;
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : safeDecode(pair.slice(eq + 1));
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
