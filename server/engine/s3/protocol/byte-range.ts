import { invalidRange } from "./s3-request-errors";

export type ByteRange = { start: number; end: number };

/**
 * A `Range: bytes=...` header against an object's size: the inclusive range to send, undefined
 * to send the whole object (no header, a syntax S3 ignores, or several ranges, which S3 does not
 * serve), or InvalidRange (416) when it starts past the end.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Number(m[2]);
  if (end < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end: Math.min(end, size - 1) };
}
