/**
 * Double-submit CSRF protection: the proxy gives every browser a random token in a cookie that
 * only same-site pages can read (SameSite=Strict); mutations must echo it in this header.
 * A cross-site form or fetch can neither read the cookie nor set the header.
 */
export const CSRF_COOKIE = "mme.csrf";
export const CSRF_HEADER = "x-mme-csrf";

/** The token from document.cookie, in the browser. */
export function readCsrfCookie(cookieHeader: string): string | undefined {
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === CSRF_COOKIE) return decodeURIComponent(v.join("="));
  }
  return undefined;
}
