import { requireBucket } from "./buckets";
import type { S3Context } from "./context";
import type { ObjectRecord } from "./types";

/**
 * Where a listing resumes: after a key, or after every key under a common prefix (a page that
 * ended on `photos/` must not list `photos/...` again).
 */
export type ListPosition = { after: string; prefix: boolean };

export type ListObjectsInput = {
  bucket: string;
  prefix: string;
  delimiter?: string;
  start?: ListPosition;
  maxKeys: number;
};

export type ListObjectsOutput = {
  contents: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last entry returned, to resume from when truncated. */
  last?: ListPosition;
};

const BATCH = 1000;
/** The greatest code point: `p + MAX_CHAR` sorts after nearly every key that starts with `p`. */
const MAX_CHAR = "\u{10FFFF}";

/**
 * Lists keys in UTF-8 binary order (SQLite's BINARY collation, S3's order), rolling keys that
 * contain the delimiter after the prefix into common prefixes. Each common prefix counts as one
 * entry against maxKeys, and the scan jumps past the keys it covers instead of reading them all.
 */
export function listObjects(ctx: S3Context, input: ListObjectsInput): ListObjectsOutput {
  requireBucket(ctx, input.bucket);
  const out: ListObjectsOutput = { contents: [], commonPrefixes: [], isTruncated: false };
  if (input.maxKeys <= 0) return out;

  const { prefix, delimiter } = input;
  let cursor = prefix;
  let inclusive = true;
  let skipPrefix: string | undefined;
  const start = input.start;
  if (start && Buffer.compare(Buffer.from(start.after), Buffer.from(prefix)) >= 0) {
    cursor = start.prefix ? start.after + MAX_CHAR : start.after;
    inclusive = false;
    if (start.prefix) skipPrefix = start.after;
  }
  let count = 0;

  for (;;) {
    const rows = ctx.store.objectsAfter(input.bucket, cursor, BATCH, inclusive);
    if (rows.length === 0) return out;
    let jumped = false;
    for (const row of rows) {
      cursor = row.key;
      inclusive = false;
      // Keys under a prefix are contiguous in byte order: the first one outside ends them.
      if (!row.key.startsWith(prefix)) return out;
      if (skipPrefix !== undefined && row.key.startsWith(skipPrefix)) continue;
      const cut = delimiter ? row.key.indexOf(delimiter, prefix.length) : -1;
      if (count === input.maxKeys) {
        out.isTruncated = true;
        return out;
      }
      count++;
      if (cut === -1) {
        out.contents.push(row);
        out.last = { after: row.key, prefix: false };
        continue;
      }
      const common = row.key.slice(0, cut + delimiter!.length);
      out.commonPrefixes.push(common);
      out.last = { after: common, prefix: true };
      skipPrefix = common;
      cursor = common + MAX_CHAR;
      jumped = true;
      break;
    }
    if (!jumped && rows.length < BATCH) return out;
  }
}
