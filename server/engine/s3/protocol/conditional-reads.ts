import { preconditionFailed } from "./s3-errors";
import { etagListMatches } from "../backend/write-conditions";
import type { ObjectRecord } from "../backend/types";
import { parseHttpDate, secondsOf } from "./http-dates";

export type ReadConditionHeaders = { ifMatch?: string; ifNoneMatch?: string; ifModifiedSince?: string; ifUnmodifiedSince?: string };

/**
 * GET and HEAD preconditions in RFC 7232's order, with S3's pairings: a matching If-Match
 * overrides a failing If-Unmodified-Since, and a failing If-None-Match (the ETag differs)
 * overrides If-Modified-Since. Throws PreconditionFailed (412); returns the condition that calls
 * for 304 Not Modified, or undefined to serve the object. The same rules serve CopyObject's
 * `x-amz-copy-source-if-*` headers, named by `prefix` (where S3 answers 412 instead of 304).
 */
export function evaluateReadConditions(object: ObjectRecord, c: ReadConditionHeaders, prefix = ""): "If-None-Match" | "If-Modified-Since" | undefined {
  const modified = secondsOf(object.lastModified);
  if (c.ifMatch !== undefined) {
    if (!etagListMatches(c.ifMatch, object.etag)) throw preconditionFailed(`${prefix}If-Match`);
  } else {
    const since = parseHttpDate(c.ifUnmodifiedSince);
    if (since !== undefined && modified > since) throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagListMatches(c.ifNoneMatch, object.etag)) return "If-None-Match";
  } else {
    const since = parseHttpDate(c.ifModifiedSince);
    if (since !== undefined && modified <= since) return "If-Modified-Since";
  }
  return undefined;
}
