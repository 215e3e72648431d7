import { formatBytes } from "../../format-bytes";
import { ArchiveError } from "./archive-error";
import type { GzipInputState } from "./inflate-gzip";

/** Maps whatever stopped the stream to an ArchiveError with a code the report can show. */
export function classifyStreamError(e: unknown, input: GzipInputState, inflatedBytes: number, entry: string | undefined): ArchiveError {
  if (e instanceof ArchiveError) return e;
  if (input.failure) return input.failure;
  if (input.sourceError !== undefined) return new ArchiveError("read_failed", `reading the file failed: ${messageOf(input.sourceError)}`);
  if (input.compressedBytes === 0) return new ArchiveError("empty", "the file is empty");
  const message = messageOf(e);
  // Node's zlib says "unexpected end of file"; browsers only say that decompression failed.
  if (/unexpected end|Z_BUF_ERROR|truncat/i.test(message)) {
    return new ArchiveError("truncated", `the gzip stream ends early${entry ? ` inside ${entry}` : ""} (truncated file?)`, entry);
  }
  return new ArchiveError("corrupt_gzip", `the gzip data is corrupt after ${formatBytes(inflatedBytes)} (${message})`, entry);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
