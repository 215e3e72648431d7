/** What SageMaker's ModelError message says, taken apart. */
export type ModelErrorMessage = {
  /** The container's own HTTP status (400 for a refused request, 5xx for a failure). */
  status: number;
  /** Which container answered: the variant ("primary") or a container's name. */
  container: string;
  /** What the model said: Triton's `{"error": "..."}` unwrapped, else the container's body as it came. */
  said: string;
  /** The CloudWatch log group's page, when the message names one. */
  logsUrl?: string;
  account?: string;
};

/**
 * SageMaker wraps the container's answer in a sentence: `Received client error (400) from primary
 * with message "{"error":"..."}". See https://<region>.console.aws.amazon.com/cloudwatch/...#logEventViewer:group=...
 * in account 123456789012 for more information.` The quoted body may also come JSON-escaped
 * (`"{\"error\": ...}"`). Anything else is not a ModelError message: undefined.
 */
export function parseModelErrorMessage(message: string): ModelErrorMessage | undefined {
  const m = /^Received (?:client|server) error \((\d{3})\) from (\S+) with message "([\s\S]*)"\.(?:\s+See (\S+) in account (\S+) for more information\.?)?\s*$/.exec(message.trim());
  if (!m) return undefined;
  return { status: Number(m[1]), container: m[2]!, said: unwrapBody(m[3]!), logsUrl: m[4], account: m[5] };
}

/** Triton answers `{"error": "..."}`; other containers may answer any text. */
function unwrapBody(body: string): string {
  for (const text of [body, unescapeJsonString(body)]) {
    if (text === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "string") return parsed;
      const said = (parsed as { error?: unknown; message?: unknown } | null)?.error ?? (parsed as { message?: unknown } | null)?.message;
      if (typeof said === "string") return said;
    } catch {
      // Not JSON: the next reading, or the text as it came.
    }
  }
  return unescapeJsonString(body) ?? body;
}

/** `{\"error\": \"x\"}` as the characters it escapes, or undefined when it is no JSON string body. */
function unescapeJsonString(text: string): string | undefined {
  if (!text.includes("\\")) return undefined;
  try {
    const s: unknown = JSON.parse(`"${text}"`);
    return typeof s === "string" ? s : undefined;
  } catch {
    return undefined;
  }
}
