import { createHash } from "node:crypto";
import { invalidNextToken } from "../protocol/cloudwatch-errors";

/**
 * Pagination tokens: an offset bound to the request it continues (a fingerprint of the
 * parameters that shape the result), so a token replayed with other parameters is refused.
 */
export function makeToken(offset: number, request: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(request) })).toString("base64url");
}

export function readToken(token: string | undefined, request: unknown): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; f?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.f === fingerprint(request)) return parsed.o;
  } catch {
    // falls through to the error
  }
  throw invalidNextToken();
}

function fingerprint(request: unknown): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("base64url").slice(0, 16);
}
