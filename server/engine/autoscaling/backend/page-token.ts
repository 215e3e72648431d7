import { createHash } from "node:crypto";
import { invalidNextToken } from "../protocol/autoscaling-errors";
import type { Row } from "./store/autoscaling-store";

/**
 * One page of a listing. The NextToken names the last row given (its `seq`) and is bound to the
 * request's filters, so a token replayed with other filters is refused, and rows added or deleted
 * between pages neither repeat nor vanish from the rest.
 */
export function pageOf<T>(
  rows: Row<T>[],
  input: { NextToken?: string; MaxResults?: number },
  opts: { defaultMaxResults: number; newestFirst?: boolean },
) {
  // The filters a token is bound to: the request less its paging members.
  const request = Object.entries(input).filter(([name]) => name !== "NextToken" && name !== "MaxResults");
  const after = readToken(input.NextToken, request);
  const rest = after === undefined ? rows : rows.filter((r) => (opts.newestFirst ? r.seq < after : r.seq > after));
  const page = rest.slice(0, input.MaxResults ?? opts.defaultMaxResults);
  const last = page.at(-1);
  const NextToken = rest.length > page.length && last ? makeToken(last.seq, request) : undefined;
  return { records: page.map((r) => r.record), NextToken };
}

function makeToken(seq: number, request: unknown): string {
  return Buffer.from(JSON.stringify({ s: seq, f: fingerprint(request) })).toString("base64url");
}

function readToken(token: string | undefined, request: unknown): number | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { s?: unknown; f?: unknown };
    if (typeof parsed.s === "number" && Number.isInteger(parsed.s) && parsed.f === fingerprint(request)) return parsed.s;
  } catch {
    // falls through to the error
  }
  throw invalidNextToken();
}

function fingerprint(request: unknown): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("base64url").slice(0, 16);
}
