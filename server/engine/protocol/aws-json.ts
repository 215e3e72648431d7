import { AwsError } from "../aws-error";

/** Parses an awsJson request body; an empty body is an empty input, as the SDKs may send none. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsError("SerializationException", "The request body is not valid JSON.", 400);
  }
}

/**
 * Serializes an output the way awsJson does: timestamps as epoch seconds (fractional, with the
 * milliseconds), absent members left out rather than sent as null.
 */
export function serializeJson(output: unknown): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key, value: unknown) {
    // JSON.stringify has already called Date#toJSON on `value`; the original is still on `this`.
    const original = this[key];
    if (original instanceof Date) return original.getTime() / 1000;
    return value === null ? undefined : value;
  });
}
