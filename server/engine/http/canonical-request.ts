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
 * this was a third of verifying the signature. Each is a pure function of its key; a full cache
 * starts over, and long keys (S3-style object paths, which S3 does not re-encode anyway) are not kept.
 */
const CACHE_LIMIT = 256;
const MAX_CACHED_KEY_LENGTH = 256;
const signedLists = new Map<string, { names: readonly string[]; joined: string }>();
const escapedPaths = new Map<string, string>();

function signedHeaderList(raw: string): { names: readonly string[]; joined: string } {
  let list = signedLists.get(raw);
  if (list) return list;
  const names = [...new Set(raw.split(";").map((h) => h.toLowerCase()))].sort();
  list = { names, joined: names.join(";") };
  if (raw.length <= MAX_CACHED_KEY_LENGTH) {
    if (signedLists.size >= CACHE_LIMIT) signedLists.clear();
    signedLists.set(raw, list);
  }
  return list;
}

function escapedPath(path: string): string {
  let escaped = escapedPaths.get(path);
  if (escaped !== undefined) return escaped;
  escaped = canonicalPath(path);
  if (path.length <= MAX_CACHED_KEY_LENGTH) {
    if (escapedPaths.size >= CACHE_LIMIT) escapedPaths.clear();
    escapedPaths.set(path, escaped);
  }
  return escaped;
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
