import type { CorsRule } from "../backend/types";
import { malformedXml, invalidRequest } from "./s3-request-errors";
import { childrenNamed, childText, type XmlElement } from "./xml/parse-xml";
import { el, opt, xmlDocument } from "./xml/xml-writer";

const METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"];
const MAX_RULES = 100;

/** PutBucketCors's `<CORSConfiguration>`, validated as S3 validates it. */
export function parseCorsConfiguration(root: XmlElement): CorsRule[] {
  if (root.name !== "CORSConfiguration") throw malformedXml();
  const rules = childrenNamed(root, "CORSRule").map((r): CorsRule => {
    const texts = (name: string) => childrenNamed(r, name).map((c) => c.text.trim());
    const maxAge = childText(r, "MaxAgeSeconds");
    const rule: CorsRule = {
      id: childText(r, "ID"),
      allowedOrigins: texts("AllowedOrigin"),
      allowedMethods: texts("AllowedMethod"),
      allowedHeaders: texts("AllowedHeader"),
      exposeHeaders: texts("ExposeHeader"),
      maxAgeSeconds: maxAge === undefined ? undefined : Number(maxAge),
    };
    if (rule.allowedOrigins.length === 0 || rule.allowedMethods.length === 0) throw malformedXml();
    if (rule.maxAgeSeconds !== undefined && !Number.isInteger(rule.maxAgeSeconds)) throw malformedXml();
    const unsupported = rule.allowedMethods.find((m) => !METHODS.includes(m));
    if (unsupported) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}`);
    for (const [kind, values] of [["AllowedOrigin", rule.allowedOrigins], ["AllowedHeader", rule.allowedHeaders]] as const) {
      const bad = values.find((v) => v.split("*").length > 2);
      if (bad !== undefined) throw invalidRequest(`${kind} "${bad}" can not have more than one wildcard.`);
    }
    return rule;
  });
  if (rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  return rules;
}

export function corsConfigurationXml(rules: readonly CorsRule[]): string {
  return xmlDocument(
    "CORSConfiguration",
    rules.map((r) =>
      el("CORSRule", [
        opt("ID", r.id),
        ...r.allowedHeaders.map((h) => el("AllowedHeader", h)),
        ...r.allowedMethods.map((m) => el("AllowedMethod", m)),
        ...r.allowedOrigins.map((o) => el("AllowedOrigin", o)),
        ...r.exposeHeaders.map((h) => el("ExposeHeader", h)),
        opt("MaxAgeSeconds", r.maxAgeSeconds),
      ]),
    ),
  );
}
