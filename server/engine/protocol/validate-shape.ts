import { AwsError } from "../aws-error";
import type { Shape } from "./shape";

/**
 * Checks `value` against `shape` and returns a copy with timestamps turned into Dates and
 * undeclared members dropped. Constraint violations are collected and thrown together as one
 * ValidationException worded as AWS words it; a value of the wrong JSON type is a
 * SerializationException, as from AWS's JSON protocols.
 */
export function validateInput<T>(shape: Shape, value: unknown): T {
  const violations: string[] = [];
  const out = check(shape, value, "", violations);
  if (violations.length > 0) {
    const n = violations.length;
    throw new AwsError("ValidationException", `${n} validation error${n === 1 ? "" : "s"} detected: ${violations.join("; ")}`);
  }
  return out as T;
}

/** AWS names members in these messages camelCased, lists as `name.1.member` (1-based). */
function memberPath(parent: string, member: string): string {
  const camel = member.charAt(0).toLowerCase() + member.slice(1);
  return parent ? `${parent}.${camel}` : camel;
}

function violation(value: unknown, path: string, constraint: string): string {
  return `Value ${printValue(value)} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function printValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")}]'`;
  if (typeof value === "object") return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

function typeError(path: string, expected: string, value: unknown): AwsError {
  const got = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  return new AwsError("SerializationException", `Expected ${expected} at '${path || "(root)"}' but found ${got}`);
}

const compiled = new Map<string, RegExp>();
/** Service-model patterns must match the whole value (Java `Pattern.matches`), not a substring. */
function fullMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, "u");
    compiled.set(pattern, re);
  }
  return re.test(value);
}

function check(shape: Shape, value: unknown, path: string, violations: string[]): unknown {
  switch (shape.type) {
    case "string": {
      if (typeof value !== "string") throw typeError(path, "a string", value);
      const length = [...value].length;
      if (shape.min !== undefined && length < shape.min) {
        violations.push(violation(value, path, `Member must have length greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && length > shape.max) {
        violations.push(violation(value, path, `Member must have length less than or equal to ${shape.max}`));
      }
      if (shape.pattern !== undefined && !fullMatch(shape.pattern, value)) {
        violations.push(violation(value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        violations.push(violation(value, path, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`));
      }
      return value;
    }
    case "integer":
    case "float": {
      if (typeof value !== "number" || !Number.isFinite(value)) throw typeError(path, "a number", value);
      if (shape.type === "integer" && !Number.isInteger(value)) throw typeError(path, "an integer", value);
      if (shape.min !== undefined && value < shape.min) {
        violations.push(violation(value, path, `Member must have value greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && value > shape.max) {
        violations.push(violation(value, path, `Member must have value less than or equal to ${shape.max}`));
      }
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean") throw typeError(path, "a boolean", value);
      return value;
    case "timestamp":
      return parseTimestamp(value, path);
    case "document":
      return value;
    case "list": {
      if (!Array.isArray(value)) throw typeError(path, "a list", value);
      if (shape.min !== undefined && value.length < shape.min) {
        violations.push(violation(value, path, `Member must have length greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && value.length > shape.max) {
        violations.push(violation(value, path, `Member must have length less than or equal to ${shape.max}`));
      }
      return value.map((item, i) => check(shape.member, item, `${path}.${i + 1}.member`, violations));
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw typeError(path, "a map", value);
      const entries = Object.entries(value);
      if (shape.max !== undefined && entries.length > shape.max) {
        violations.push(violation(value, path, `Member must have length less than or equal to ${shape.max}`));
      }
      return Object.fromEntries(
        entries.map(([k, v]) => [check(shape.key, k, path, violations), check(shape.value, v, `${path}.${k}`, violations)]),
      );
    }
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw typeError(path, "a structure", value);
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members)) {
        const v = input[name];
        const p = memberPath(path, name);
        if (v === undefined || v === null) {
          if (member.required) violations.push(violation(null, p, "Member must not be null"));
          continue;
        }
        out[name] = check(member.shape, v, p, violations);
      }
      return out;
    }
  }
}

/** awsJson sends timestamps as epoch seconds; the AWS CLI may send ISO 8601 strings. */
function parseTimestamp(value: unknown, path: string): Date {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === "string") {
    const asNumber = Number(value);
    const date = value.trim() !== "" && Number.isFinite(asNumber) ? new Date(asNumber * 1000) : new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw typeError(path, "a timestamp", value);
}
