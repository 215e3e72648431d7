import { ApiClientError } from "@/lib/api-client";
import { fieldLabel, issueSentence, sentence, type InputIssue } from "@/lib/errors/issue-sentence";
import { parseModelErrorMessage } from "@/lib/errors/model-error-message";
import { shortenLocalPaths } from "@/lib/errors/shorten-local-paths";
import type { ApiErrorBody } from "@/lib/schemas/endpoint-views";

/** A line of an error's details: what it is, its text, and a link where there is one to follow. */
export type ErrorDetail = { label: string; value: string; href?: string };

/** An error as the console shows it: one sentence a person can act on, and the rest folded away. */
export type ErrorPresentation = { sentence: string; details: ErrorDetail[] };

/** What every error the console's API answers carries: `{ error: { code, message, issues? } }`. */
type ApiErrorFields = ApiErrorBody["error"];

/**
 * The local engine's account (and LocalStack's). Its CloudWatch link leads nowhere; written out
 * here rather than imported, as lib/local-engine-defaults.ts also holds the engine's keys, which
 * must not reach a browser bundle.
 */
const LOCAL_ACCOUNT = "000000000000";

/** Anything a request or a form threw: the console's API errors, zod's, JSON's, the network's. */
export function describeError(error: unknown): ErrorPresentation {
  if (error instanceof ApiClientError) return describeApiError({ code: error.code, message: error.message, issues: error.issues }, error.status);
  const issues = zodIssues(error);
  if (issues) return describeIssues(issues, []);
  if (error instanceof SyntaxError) return { sentence: sentence(`The text is not valid JSON (${error.message})`), details: [] };
  if (error instanceof Error && error.name === "AbortError") return { sentence: "The request was cancelled.", details: [] };
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return { sentence: "The console could not be reached. Check the connection and try again.", details: [{ label: "Error", value: error.message }] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { sentence: sentence(shortenLocalPaths(message)), details: shortenLocalPaths(message) === message ? [] : [{ label: "Message", value: message }] };
}

/** An API error body (`{ error: { code, message, issues? } }`'s inside) and the status it came with. */
export function describeApiError(body: ApiErrorFields, status?: number): ErrorPresentation {
  const error: ErrorDetail = { label: "Error", value: status ? `${body.code} (HTTP ${status})` : body.code };
  if (body.code === "ModelError") return describeModelError(body.message, error);
  if (body.issues && body.issues.length > 0) return describeIssues(body.issues, [error]);
  const said = (s: string) => ({ sentence: s, details: [error, { label: "Message", value: body.message }] });
  switch (body.code) {
    case "unauthorized":
      return said("Your session has ended. Sign in again.");
    case "throttled":
      return said("AWS is throttling requests. The console asks again on its own; an action can be tried again in a moment.");
    case "internal":
      return said("The console failed with an internal error. Try again; if it keeps failing, the console's server log says why.");
  }
  if (/^http_\d+$/.test(body.code)) {
    return { sentence: status === 413 ? "The request is too large for the console." : `The console answered HTTP ${status ?? "error"} without saying why. Try again.`, details: [error] };
  }
  const text = shortenLocalPaths(body.message);
  return { sentence: sentence(text), details: text === body.message ? [error] : [error, { label: "Message", value: body.message }] };
}

/**
 * SageMaker's ModelError: the sentence is what the model said, with the engine's file paths
 * shortened; the container's status, its full answer and where its logs are go to the details
 * (a CloudWatch link only on a real account: the local engine has none).
 */
function describeModelError(message: string, error: ErrorDetail): ErrorPresentation {
  const parsed = parseModelErrorMessage(message);
  if (!parsed) return { sentence: sentence(shortenLocalPaths(message.replace(/\s*See \S+ in account \S+ for more information\.?\s*$/, ""))), details: [error, { label: "Message", value: message }] };
  const said = shortenLocalPaths(parsed.said);
  const load = /^failed to load (?:model )?'([^']+)': ([\s\S]*)$/.exec(said);
  const text = load
    ? `The model ${load[1]} could not be loaded: ${load[2]}`
    : parsed.status < 500
      ? `The model refused the request: ${said}`
      : `The model failed to answer the request (its status ${parsed.status}): ${said}`;
  const logs: ErrorDetail =
    parsed.logsUrl && parsed.account !== LOCAL_ACCOUNT
      ? { label: "Logs", value: `CloudWatch, account ${parsed.account}`, href: parsed.logsUrl }
      : { label: "Logs", value: "The local engine's own output (it keeps no CloudWatch logs)" };
  return {
    sentence: sentence(text),
    details: [
      { label: "The model said", value: parsed.said },
      { label: "Model's status", value: `${parsed.status} from ${parsed.container}` },
      logs,
      error,
    ],
  };
}

function describeIssues(issues: InputIssue[], details: ErrorDetail[]): ErrorPresentation {
  const [first, ...rest] = issues;
  const more = rest.length === 0 ? "" : ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"}, in the details)`;
  const head = issueSentence(first!);
  return {
    sentence: more ? `${head.replace(/\.$/, "")}${more}.` : head,
    details: [...issues.map((i) => ({ label: fieldLabel(i.path) ?? "Input", value: i.message })), ...details],
  };
}

/** A ZodError (or anything shaped like one: zod's classes differ between its builds). */
function zodIssues(error: unknown): InputIssue[] | undefined {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!(error instanceof Error) || !Array.isArray(issues) || issues.length === 0) return undefined;
  if (!issues.every((i) => typeof i?.message === "string" && Array.isArray(i?.path))) return undefined;
  return issues.map((i: { path: PropertyKey[]; message: string }) => ({ path: i.path.map(String).join("."), message: i.message }));
}
