import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/content-security-policy";
import { CSRF_COOKIE } from "@/lib/csrf";
import { uploadOrigins } from "@/server/aws/upload-origins";

/** Pages anyone may see: signing in, and being told one has no access. */
const PUBLIC_PAGES = ["/signin", "/no-access"];

/**
 * Runs before every page: a fresh CSP nonce (Next applies it to its own scripts), the CSRF
 * cookie when the browser has none, and a redirect to sign-in when there is no session.
 * API routes are not matched here: withRoute checks their session, CSRF and role itself.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isPublic = PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (!isPublic) {
    const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
    if (!token) {
      const signin = new URL("/signin", req.url);
      signin.searchParams.set("callbackUrl", `${pathname}${search}`);
      return NextResponse.redirect(signin);
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    issuerOrigin: process.env.MME_AUTH_ISSUER ? new URL(process.env.MME_AUTH_ISSUER).origin : undefined,
    // Computed once per process (Next runs the proxy in Node.js, so it may use the S3 client).
    uploadOrigins: await uploadOrigins(),
  });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);

  if (!req.cookies.get(CSRF_COOKIE)) {
    res.cookies.set(CSRF_COOKIE, randomToken(), {
      path: "/",
      sameSite: "strict",
      // Read by the page's own script to echo it in a header, so not HttpOnly; it grants nothing alone.
      httpOnly: false,
      // Behind a TLS-terminating proxy the request looks like http: NEXTAUTH_URL tells the truth.
      secure: req.nextUrl.protocol === "https:" || (process.env.NEXTAUTH_URL ?? "").startsWith("https:"),
    });
  }
  return res;
}

function randomToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64url");
}

export const config = {
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
