/** One problem with some input: where (`inputs.0.shape`, empty for the whole input) and zod's message. */
export type InputIssue = { path: string; message: string };

/**
 * One sentence for one issue, in words: `instanceCount` + "Invalid input: expected int, received
 * number" is "Instance count must be a whole number." zod's stock English (the API's 422 carries
 * only the text, so the text is what is read) becomes a phrase; a schema's own message
 * ("At least 1 instance") is kept as it was written.
 */
export function issueSentence(issue: InputIssue): string {
  const subject = fieldLabel(issue.path);
  if (!subject) return fieldProblem(issue.message);
  const phrase = stockPhrase(issue.message);
  return sentence(phrase ? `${subject} ${phrase}` : `${subject}: ${issue.message}`);
}

/**
 * The same, for a form that shows the problem under its field (whose label says which):
 * "Invalid input: expected int, received number" → "Must be a whole number."
 */
export function fieldProblem(message: string): string {
  const phrase = stockPhrase(message);
  return sentence(phrase ?? message);
}

/**
 * What a form shows under one field: the first problem zod found with it (by the path's first
 * key), as fieldProblem's sentence; undefined when that field is fine.
 */
export function fieldIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[], field: string): string | undefined {
  const found = issues.find((i) => i.path[0] === field);
  return found && fieldProblem(found.message);
}

/**
 * `instanceCount` → "Instance count" (a form's field); a nested path stays as the JSON it points
 * into, which is what the user wrote: `request.inputs.0.shape.1` → `request.inputs[0].shape[1]`.
 */
export function fieldLabel(path: string): string | undefined {
  if (!path) return undefined;
  const parts = path.split(".");
  if (parts.length === 1 && /^[a-zA-Z]+$/.test(path)) {
    const words = path.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

const A_OR_AN = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

const TYPE_WORDS: Record<string, string> = { int: "whole number", nan: "NaN", NaN: "not a number" };
const typeWord = (t: string) => TYPE_WORDS[t] ?? t;

const COMPARE: Record<string, { small: string; big: string }> = {
  ">=": { small: "at least", big: "" },
  ">": { small: "more than", big: "" },
  "<=": { small: "", big: "at most" },
  "<": { small: "", big: "less than" },
  "exactly ": { small: "exactly", big: "exactly" },
};

/** zod 4's English messages (zod/v4/locales/en), as the end of a sentence about the field; undefined for a custom message. */
function stockPhrase(message: string): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message))) {
    const [, expected, received] = m as unknown as [string, string, string];
    if (received === "undefined") return "is required";
    if (expected === "int" && received === "number") return "must be a whole number";
    return `must be ${A_OR_AN(typeWord(expected))}, not ${received === "null" ? "null" : A_OR_AN(typeWord(received))}`;
  }
  if ((m = /^Too (small|big): expected (\w+) to (have|be) (>=|>|<=|<|exactly )(\S+)(?: (\w+))?$/.exec(message))) {
    const [, size, origin, verb, op, bound, unit] = m as unknown as [string, "small" | "big", string, string, string, string, string | undefined];
    const words = COMPARE[op]?.[size] || (size === "small" ? "at least" : "at most");
    if (verb === "have") {
      if (origin === "string" && size === "small" && bound === "1" && op === ">=") return "must not be empty";
      return `must have ${words} ${bound} ${bound === "1" ? (unit ?? "item").replace(/s$/, "") : (unit ?? "items")}`;
    }
    return `must be ${words} ${bound}`;
  }
  if ((m = /^Invalid option: expected one of (.+)$/.exec(message))) return `must be one of ${m[1]!.split("|").join(", ")}`;
  if ((m = /^Invalid input: expected (.+)$/.exec(message))) return `must be ${m[1]}`;
  if ((m = /^Invalid string: must (.+)$/.exec(message))) return `must ${m[1]}`;
  if ((m = /^Invalid number: must be a multiple of (\S+)$/.exec(message))) return `must be a multiple of ${m[1]}`;
  if ((m = /^Unrecognized keys?: (.+)$/.exec(message))) return `has ${m[1]!.includes(",") ? "fields" : "a field"} it does not know: ${m[1]}`;
  if (message === "Invalid input") return "is not valid";
  return undefined;
}

/**
 * A capital first letter (not when the sentence starts with a name such as `inputs[0].shape`) and
 * a full stop, unless it already ends like a sentence.
 */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = /^[a-z]+(?:\s|$)/.test(t) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
