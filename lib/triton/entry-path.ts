/** An archive entry name, made safe to join onto an extraction folder, or the reason it is not. */
export type EntryPath = { ok: true; segments: string[]; path: string } | { ok: false; reason: string };

const MAX_PATH = 4096;
const MAX_SEGMENT_BYTES = 255;

/**
 * Refuses every name that could land outside the folder it is extracted into, or that means
 * something different on another OS: absolute paths (POSIX or drive letters), `..` segments,
 * backslashes (a separator on Windows), NUL and control characters. A leading `./` and empty
 * or `.` segments are dropped (what `tar -C dir .` writes). The root itself (`./`) comes back
 * with no segments: callers skip it for a directory and refuse it for anything else.
 */
export function normalizeEntryPath(raw: string): EntryPath {
  const show = JSON.stringify(raw.length > 200 ? raw.slice(0, 200) + "…" : raw);
  if (raw.includes("\0")) return { ok: false, reason: `name ${show} contains a NUL byte` };
  if (/[\x01-\x1f\x7f]/.test(raw)) return { ok: false, reason: `name ${show} contains control characters` };
  if (raw.includes("\\")) return { ok: false, reason: `name ${show} contains a backslash` };
  if (raw.startsWith("/") || /^[A-Za-z]:/.test(raw)) return { ok: false, reason: `name ${show} is an absolute path` };
  if (raw.length > MAX_PATH) return { ok: false, reason: `name is longer than ${MAX_PATH} characters` };
  const segments = raw.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) return { ok: false, reason: `name ${show} has a ".." segment (path traversal)` };
  const encoder = new TextEncoder();
  if (segments.some((s) => encoder.encode(s).length > MAX_SEGMENT_BYTES)) return { ok: false, reason: `name ${show} has a segment longer than ${MAX_SEGMENT_BYTES} bytes` };
  return { ok: true, segments, path: segments.join("/") };
}
