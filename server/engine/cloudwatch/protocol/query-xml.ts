import { escapeXml } from "../../http/xml-error";

export const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/** Output members that are maps (`<entry><key/><value/></entry>` on the wire), by name. */
const MAP_MEMBERS = new Set(["ExtendedStatistics"]);

/**
 * An awsQuery response: `<OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata>`, the
 * result omitted for operations without output (PutMetricData). Lists are `<member>` elements,
 * timestamps ISO 8601, numbers as JavaScript prints them (botocore and the SDKs read both
 * `1.5` and `1e+21`).
 */
export function queryResponse(operation: string, output: unknown, requestId: string): string {
  const hasResult = output !== undefined && output !== null && Object.keys(output as object).length > 0;
  const result = hasResult ? `<${operation}Result>${members(output as Record<string, unknown>)}</${operation}Result>` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${CLOUDWATCH_XMLNS}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

function members(obj: Record<string, unknown>): string {
  let out = "";
  for (const [name, value] of Object.entries(obj)) {
    if (value === undefined || value === null) continue;
    out += `<${name}>${MAP_MEMBERS.has(name) && !Array.isArray(value) ? entries(value as Record<string, unknown>) : render(value)}</${name}>`;
  }
  return out;
}

function entries(map: Record<string, unknown>): string {
  return Object.entries(map)
    .map(([key, value]) => `<entry><key>${escapeXml(key)}</key><value>${render(value)}</value></entry>`)
    .join("");
}

function render(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${render(v)}</member>`).join("");
  if (typeof value === "object" && value !== null) return members(value as Record<string, unknown>);
  return escapeXml(String(value));
}
