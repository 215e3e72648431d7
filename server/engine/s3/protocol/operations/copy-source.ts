import { invalidArgument, preconditionFailed } from "../s3-errors";
import type { ObjectRecord } from "../../backend/types";
import { evaluateReadConditions } from "../conditional-reads";

/** What CopyObject and UploadPartCopy share: `x-amz-copy-source` and its `x-amz-copy-source-if-*` preconditions. */
export type CopySource = { bucket: string; key: string };

/** `x-amz-copy-source: [/]<bucket>/<url-encoded key>[?versionId=...]`. */
export function parseCopySource(header: string): CopySource {
  const invalid = () => invalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
  const withoutVersion = header.split("?")[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion.startsWith("/") ? withoutVersion.slice(1) : withoutVersion);
  } catch {
    throw invalid();
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

const PREFIX = "x-amz-copy-source-";

/** The `x-amz-copy-source-if-*` preconditions against the source: 412 when one fails (S3 never answers 304 to a copy). */
export function checkCopySourceConditions(headers: Record<string, string | undefined>, source: ObjectRecord): void {
  const notModified = evaluateReadConditions(
    source,
    {
      ifMatch: headers[`${PREFIX}if-match`],
      ifNoneMatch: headers[`${PREFIX}if-none-match`],
      ifModifiedSince: headers[`${PREFIX}if-modified-since`],
      ifUnmodifiedSince: headers[`${PREFIX}if-unmodified-since`],
    },
    PREFIX,
  );
  if (notModified) throw preconditionFailed(`${PREFIX}${notModified}`);
}

/**
 * UploadPartCopy's `x-amz-copy-source-range: bytes=first-last` (inclusive, zero-based), or the
 * whole source without one. Unlike a GET's Range, S3 takes exactly one range that lies inside the
 * source: anything else is InvalidArgument, worded as S3 words it.
 */
export function parseCopySourceRange(header: string | undefined, sourceSize: number): { start: number; end: number } {
  if (header === undefined) return { start: 0, end: sourceSize - 1 };
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (!m) {
    throw invalidArgument(
      "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
      "x-amz-copy-source-range",
      header,
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > end || end >= sourceSize) throw invalidArgument(`Range specified is not valid for source object of size: ${sourceSize}`, "x-amz-copy-source-range", header);
  return { start, end };
}
