import { noSuchKey, preconditionFailed } from "../protocol/s3-errors";
import type { ObjectRecord, WriteConditions } from "./types";

/** ETags compare without their quotes (S3 accepts `If-Match: abc` for `"abc"`) or a weak `W/`. */
export const bareEtag = (etag: string) => etag.trim().replace(/^W\//, "").replace(/^"|"$/g, "");

/** An `If-Match` / `If-None-Match` list (`"a", "b"` or `*`) against an object's ETag. */
export function etagListMatches(header: string, etag: string): boolean {
  return header.split(",").some((candidate) => {
    const c = candidate.trim();
    return c === "*" || bareEtag(c) === etag;
  });
}

/**
 * PutObject's and CompleteMultipartUpload's preconditions, checked against the current object.
 * Called before the body is read (a quick refusal) and again inside the committing transaction,
 * which is what makes them atomic: of two concurrent `If-None-Match: *` writers, one commits.
 * `If-Match` on a key that is not there is NoSuchKey, as S3 answers it.
 */
export function checkWriteConditions(existing: ObjectRecord | undefined, key: string, conditions: WriteConditions): void {
  if (conditions.ifNoneMatch !== undefined && existing) throw preconditionFailed("If-None-Match");
  if (conditions.ifMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (!etagListMatches(conditions.ifMatch, existing.etag)) throw preconditionFailed("If-Match");
  }
}
