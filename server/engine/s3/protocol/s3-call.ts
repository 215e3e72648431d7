import { parseQuery } from "../../http/parse-sigv4";
import type { StreamingEngineRequest, StreamingEngineResponse, VerifiedRequest } from "../../http/service-handler";
import type { S3Backend } from "../backend/s3-backend";
import { invalidUri } from "./s3-request-errors";

/** Everything an S3 operation's wire handler works from. */
export type S3Call = {
  req: StreamingEngineRequest;
  auth: VerifiedRequest;
  backend: S3Backend;
  /** The account that owns everything here, for `<Owner>` elements. */
  owner: { id: string; displayName: string };
  /** "" for the service itself (ListBuckets). */
  bucket: string;
  /** "" for the bucket itself. */
  key: string;
  /** Decoded query parameters (the first value of each). */
  query: Record<string, string>;
};

export type S3Operation = (call: S3Call) => Promise<StreamingEngineResponse> | StreamingEngineResponse;

/**
 * Path-style addressing: `/<bucket>/<key>`, with the key percent-decoded as a whole (it may
 * contain `/`, `%2F`, spaces, anything).
 */
export function parseS3Path(path: string): { bucket: string; key: string } {
  try {
    const rest = path.startsWith("/") ? path.slice(1) : path;
    const slash = rest.indexOf("/");
    if (slash === -1) return { bucket: decodeURIComponent(rest), key: "" };
    return { bucket: decodeURIComponent(rest.slice(0, slash)), key: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    throw invalidUri();
  }
}

export function decodeQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseQuery(rawQuery))) out[name] = Array.isArray(value) ? value[0]! : value;
  return out;
}

/**
 * The headers that describe an upload. A presigned URL carries the `x-amz-meta-*` it was signed
 * with in its query (the SDK hoists them there), and S3 stores them as if they were headers.
 */
export function uploadHeaders(call: Pick<S3Call, "req" | "auth" | "query">): Record<string, string | undefined> {
  if (!call.auth.presigned) return call.req.headers;
  const hoisted: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.query)) {
    if (name.toLowerCase().startsWith("x-amz-meta-")) hoisted[name.toLowerCase()] = value;
  }
  return { ...hoisted, ...call.req.headers };
}
