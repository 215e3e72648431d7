/**
 * The pages' Content-Security-Policy. Scripts only with the request's nonce ('strict-dynamic'
 * lets Next's own chunks load); no 'unsafe-eval' outside `next dev`; no framing; forms may post
 * only to the console and to the IdP (next-auth's sign-in redirects there); fetches may go only
 * to the console and to the storage endpoint the browser uploads to with presigned URLs.
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

/** Where presigned uploads go: the local engine, or S3's endpoints in the console's region. */
export function directUploadOrigins(env: Record<string, string | undefined>): string[] {
  if (env.MME_BACKEND === "aws") {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
    return [`https://*.s3.${region}.amazonaws.com`, "https://*.s3.amazonaws.com"];
  }
  return env.MME_ENGINE_URL ? [new URL(env.MME_ENGINE_URL).origin] : [];
}
