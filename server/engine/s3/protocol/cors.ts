import type { CorsRule } from "../backend/types";

/**
 * S3's CORS evaluation against a bucket's rules: the first rule whose AllowedOrigin matches the
 * Origin (one `*` wildcard allowed), whose AllowedMethod lists the method, and (for a preflight)
 * whose AllowedHeader patterns cover every requested header, case-insensitively.
 */
const VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

const wildcard = (pattern: string, flags = "") =>
  new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, flags);

const originMatches = (pattern: string, origin: string) => pattern === "*" || wildcard(pattern).test(origin);

export function requestedHeaders(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
}

export function matchCorsRule(rules: readonly CorsRule[], origin: string, method: string, headers: readonly string[] = []): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((o) => originMatches(o, origin)) &&
      rule.allowedMethods.includes(method) &&
      headers.every((h) => rule.allowedHeaders.some((pattern) => wildcard(pattern.toLowerCase(), "i").test(h))),
  );
}

/** The headers S3 adds to a preflight answer and to actual responses for a matching origin. */
export function corsHeaders(rule: CorsRule, origin: string, preflightHeaders?: readonly string[]): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes("*") && !rule.allowedOrigins.some((o) => o !== "*" && originMatches(o, origin));
  const out: Record<string, string> = {
    "access-control-allow-origin": anyOrigin ? "*" : origin,
    "access-control-allow-methods": rule.allowedMethods.join(", "),
    vary: VARY,
  };
  // A wildcard origin cannot be combined with credentials, so S3 only allows them for a named one.
  if (!anyOrigin) out["access-control-allow-credentials"] = "true";
  if (preflightHeaders && preflightHeaders.length > 0) out["access-control-allow-headers"] = preflightHeaders.join(", ");
  if (rule.exposeHeaders.length > 0) out["access-control-expose-headers"] = rule.exposeHeaders.join(", ");
  if (rule.maxAgeSeconds !== undefined) out["access-control-max-age"] = String(rule.maxAgeSeconds);
  return out;
}
