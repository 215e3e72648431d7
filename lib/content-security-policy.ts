/**
 * The pages' Content-Security-Policy. Scripts only with the request's nonce ('strict-dynamic'
 * lets Next's own chunks load); no 'unsafe-eval' outside `next dev`; no framing; forms may post
 * only to the console and to the IdP (next-auth's sign-in redirects there); fetches may go only
 * to the console and to the storage endpoints the browser uploads to with presigned URLs
 * (`uploadOrigins`: server/aws/upload-origins.ts derives them from the S3 client's own endpoint
 * resolution, so every URL the console can presign is one the browser may send to).
 */
export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; issuerOrigin?: string; uploadOrigins: string[] }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    ["connect-src 'self'", ...opts.uploadOrigins].join(" "),
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", opts.issuerOrigin ?? ""].join(" ").trim(),
    "frame-ancestors 'none'",
  ].join("; ");
}
