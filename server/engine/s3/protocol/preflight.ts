import type { StreamingEngineResponse } from "../../http/service-handler";
import type { S3Backend } from "../backend/s3-backend";
import { corsHeaders, matchCorsRule, requestedHeaders } from "./cors";
import { badRequest, corsForbidden } from "./s3-request-errors";

const METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"];
const NOT_ALLOWED =
  "This CORS request is not allowed. This is usually because the evalution of Origin, request method / " +
  "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/**
 * A browser's CORS preflight (`OPTIONS`), which is never signed: answered from the bucket's CORS
 * rules in S3's order of checks: an Origin is required (400), the bucket must exist and have
 * rules (403), the requested method must be one S3 knows (400), and a rule must allow the
 * origin, the method and every requested header (403, S3's own wording, typo included).
 */
export function answerPreflight(backend: S3Backend, h: Record<string, string | undefined>, bucket: string, key: string): StreamingEngineResponse {
  const origin = h.origin;
  if (!origin) throw badRequest("Insufficient information. Origin request header needed.");
  const method = h["access-control-request-method"];
  const resourceType = key ? "OBJECT" : "BUCKET";
  const rules = bucket ? backend.corsRulesOf(bucket) : undefined;
  if (rules === undefined) throw corsForbidden("Bucket not found", method ?? "OPTIONS", "BUCKET");
  if (rules === null) throw corsForbidden("CORS is not enabled for this bucket.", method ?? "OPTIONS", resourceType);
  if (method === undefined || !METHODS.includes(method)) throw badRequest(`Invalid Access-Control-Request-Method: ${method ?? "null"}`);
  const headers = requestedHeaders(h["access-control-request-headers"]);
  const rule = matchCorsRule(rules, origin, method, headers);
  if (!rule) throw corsForbidden(NOT_ALLOWED, method, resourceType);
  return { status: 200, headers: corsHeaders(rule, origin, headers), body: "" };
}
