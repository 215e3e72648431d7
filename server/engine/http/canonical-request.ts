import { KeptResults } from "./kept-results";
import type { Query } from "./sigv4-types";

/**
 * SigV4's canonical request, built the way the AWS SDK's signer builds it (the engine's tests
 * check requests signed by that signer, the S3 and SageMaker clients and the AWS CLI against
 * this). Written out here rather than borrowed from the signer's protected methods because it is
 * on every request's path: the signer's general-purpose version costs several times more.
 */
export type CanonicalInput = {
  method: string;
  /** The path exactly as received, still percent-encoded. */
  path: string;
  query: Query;
  /** SignedHeaders exactly as the client listed them (`host;x-amz-date`); the values are looked up in `headers`. */
  signedHeaders: string;
  headers: Record<string, string | undefined>;
  payloadHash: string;
  /** Every service but S3 signs the path normalized and URI-encoded once more. */
  uriEscapePath: boolean;
};

export function canonicalRequest(c: CanonicalInput): string {
  const signed = signedHeaderList(c.signedHeaders);
  let headerLines = "";
  for (const name of signed.names) headerLines += `${name}:${canonicalHeaderValue(c.headers[name] ?? "")}\n`;
  const path = c.uriEscapePath ? escapedPath(c.path) : c.path;
  return `${c.method}\n${path}\n${canonicalQuery(c.query)}\n${headerLines}\n${signed.joined}\n${c.payloadHash}`;
}

/**
 * A client lists the same SignedHeaders and calls the same few paths request after request, so
 * what the canonical request makes of them (lowercased, deduplicated and sorted names; the path
 * normalized and encoded again) is kept rather than made again: on the warm InvokeEndpoint path
 * this was a third of verifying the signature. Long keys (S3-style object paths, which S3 does
 * not re-encode anyway) are not kept.
 */
const signedLists = new KeptResults<{ names: readonly string[]; joined: string }>(256, 256);
const escapedPaths = new KeptResults<string>(256, 256);

function signedHeaderList(raw: string): { names: readonly string[]; joined: string } {
  return signedLists.get(raw, sortedSignedHeaders);
}

function sortedSignedHeaders(raw: string): { names: readonly string[]; joined: string } {
  const names = [...new Set(raw.split(";").map((h) => h.toLowerCase()))].sort();
  return { names, joined: names.join(";") };
}

function escapedPath(path: string): string {
  return escapedPaths.get(path, canonicalPath);
}

/** Line breaks become spaces, runs of spaces and tabs one space, and the ends are trimmed. */
function canonicalHeaderValue(value: string): string {
  if (!NEEDS_FOLDING.test(value)) return value;
  return value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
}

const NEEDS_FOLDING = /[\r\n\t]| {2}|^ | $/;

/** Dot segments resolved and empty segments dropped, then the whole path encoded again (so `%` becomes `%25`). */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

/**
 * Keys and values URI-encoded, sorted by key, a repeated key's values sorted among themselves.
 * A presigned URL's own X-Amz-Signature is not part of what was signed.
 */
function canonicalQuery(query: Query): string {
  const pairs: [string, string][] = [];
  for (const key of Object.keys(query)) {
    if (key.toLowerCase() === "x-amz-signature") continue;
    const encodedKey = escapeUri(key);
    const value = query[key]!;
    const joined = Array.isArray(value)
      ? value
          .map((v) => `${encodedKey}=${escapeUri(v)}`)
          .sort()
          .join("&")
      : `${encodedKey}=${escapeUri(value)}`;
    if (joined !== "") pairs.push([encodedKey, joined]);
  }
  return pairs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((p) => p[1])
    .join("&");
}

/** RFC 3986 encoding: encodeURIComponent plus the five characters it leaves alone. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
