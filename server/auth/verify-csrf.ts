import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { CSRF_COOKIE, CSRF_HEADER } from "@/lib/csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a mutation is refused as cross-site, or undefined when it is fine: the header must echo the
 * cookie (double submit), and a browser's Origin, when sent, must be this console's own.
 */
export function csrfFailure(req: NextRequest): string | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  const origin = req.headers.get("origin");
  if (origin && origin !== req.nextUrl.origin && origin !== publicOrigin()) return "cross-origin request";
  const cookie = req.cookies.get(CSRF_COOKIE)?.value;
  const header = req.headers.get(CSRF_HEADER);
  if (!cookie || !header) return "missing CSRF token";
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : "CSRF token mismatch";
}

/** The origin users reach the console at, when it sits behind a proxy that rewrites Host. */
function publicOrigin(): string | undefined {
  const url = process.env.NEXTAUTH_URL;
  return url ? new URL(url).origin : undefined;
}
