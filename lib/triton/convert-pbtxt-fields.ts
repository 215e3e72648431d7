import type { FieldSpec, MessageSpec } from "./config-schema";
import type { PbtxtField, PbtxtValue } from "./pbtxt/parse-pbtxt";

export interface Loc {
  line: number;
  column: number;
}

export interface ConvertIssue extends Loc {
  severity: "error" | "warning";
  kind: "type" | "unknown_field";
  reason: string;
}

/** What a conversion collects besides the values: issues, unknown fields by path, where each field was. */
export interface ConvertContext {
  issues: ConvertIssue[];
  unknown: Record<string, PbtxtValue[]>;
  /**
   * For each converted message object: where it starts, where each of its fields was set, and the
   * text of each field whose value was refused (so a report can show what the config said).
   */
  locs: WeakMap<object, { self: Loc; fields: Record<string, Loc>; refused?: Record<string, string> }>;
}

export const camelCase = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Checks a generic pbtxt tree against a message spec and returns a plain object with camelCase
 * keys (repeated fields as arrays, maps as records). Keeps going after an error so that one pass
 * reports every wrong field.
 */
export function convertFields(
  fields: PbtxtField[],
  spec: MessageSpec,
  ctx: ConvertContext,
  path: string,
  self: Loc,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fieldLocs: Record<string, Loc> = {};
  const refused: Record<string, string> = {};
  ctx.locs.set(out, { self, fields: fieldLocs, refused });
  // Returns undefined, never push()'s count: convertValue returns this, and undefined means "refused".
  const error = (at: Loc, reason: string): undefined => {
    ctx.issues.push({ severity: "error", kind: "type", reason, line: at.line, column: at.column });
  };

  for (const f of fields) {
    const fs = spec.fields[f.name];
    const key = camelCase(f.name);
    const where = path ? `${path}.${f.name}` : f.name;
    if (!fs) {
      ctx.issues.push({ severity: "warning", kind: "unknown_field", reason: `unknown field "${f.name}" in ${spec.name} (kept, not used)`, line: f.line, column: f.column });
      (ctx.unknown[where] ??= []).push(f.value);
      continue;
    }
    const repeated = fs.type === "map" || fs.type === "string-map" || fs.repeated === true;
    if (!repeated && key in out) {
      error(f, `field "${f.name}" is set more than once`);
      continue;
    }
    fieldLocs[key] ??= { line: f.line, column: f.column };
    const index = repeated ? ((out[key] as unknown[] | undefined)?.length ?? 0) : 0;
    const value = convertValue(f, fs, ctx, repeated && fs.type !== "map" && fs.type !== "string-map" ? `${where}[${index}]` : where, error);
    if (value === undefined) {
      if (!repeated) refused[key] = valueText(f.value);
      continue;
    }
    if (fs.type === "map" || fs.type === "string-map") {
      const [k, v] = value as [string, unknown];
      const map = (out[key] ??= {}) as Record<string, unknown>;
      if (Object.hasOwn(map, k)) ctx.issues.push({ severity: "warning", kind: "type", reason: `${f.name} key "${k}" is set more than once; the last one wins`, line: f.line, column: f.column });
      map[k] = v;
    } else if (repeated) {
      ((out[key] ??= []) as unknown[]).push(value);
    } else {
      out[key] = value;
    }
  }

  for (const group of spec.oneofs ?? []) {
    const set = group.filter((name) => camelCase(name) in out);
    if (set.length > 1) error(fieldLocs[camelCase(set[1]!)]!, `only one of ${group.join(", ")} may be set; found ${set.join(" and ")}`);
  }
  return out;
}

/** One field's value, or undefined (with an issue recorded) when it has the wrong shape. */
function convertValue(
  f: PbtxtField,
  fs: FieldSpec,
  ctx: ConvertContext,
  path: string,
  error: (at: Loc, reason: string) => undefined,
): unknown {
  const v = f.value;
  const expect = (what: string) => error(v, `field "${f.name}" expects ${what}, found ${describeValue(v)}`);
  switch (fs.type) {
    case "raw":
      if (v.kind !== "message") return expect("a message");
      return v;
    case "message":
      if (v.kind !== "message") return expect("a message");
      return convertFields(v.fields, fs.of, ctx, path, v);
    case "map": {
      if (v.kind !== "message") return expect("a { key value } entry");
      const entry: Record<string, unknown> = {};
      for (const ef of v.fields) {
        if (ef.name === "key" && !("key" in entry)) {
          if (ef.value.kind !== "string") error(ef.value, `map key expects a string, found ${describeValue(ef.value)}`);
          else entry.key = ef.value.value;
        } else if (ef.name === "value" && !("value" in entry)) {
          if (ef.value.kind !== "message") error(ef.value, `map value expects a message, found ${describeValue(ef.value)}`);
          else entry.value = convertFields(ef.value.fields, fs.of, ctx, `${path}.value`, ef.value);
        } else {
          error(ef, `unexpected field "${ef.name}" in a ${f.name} entry (expected key and value)`);
        }
      }
      return [(entry.key as string | undefined) ?? "", entry.value ?? convertFields([], fs.of, ctx, path, v)];
    }
    case "string-map": {
      if (v.kind !== "message") return expect("a { key value } entry");
      const entry: { key?: string; value?: string } = {};
      for (const ef of v.fields) {
        if ((ef.name === "key" || ef.name === "value") && !(ef.name in entry)) {
          if (ef.value.kind !== "string") error(ef.value, `map ${ef.name} expects a string, found ${describeValue(ef.value)}`);
          else entry[ef.name] = ef.value.value;
        } else {
          error(ef, `unexpected field "${ef.name}" in a ${f.name} entry (expected key and value)`);
        }
      }
      return [entry.key ?? "", entry.value ?? ""];
    }
    case "string":
      if (v.kind !== "string") return expect("a quoted string");
      return v.value;
    case "bool":
      if (v.kind === "identifier" && /^(true|t|True)$/.test(v.value)) return true;
      if (v.kind === "identifier" && /^(false|f|False)$/.test(v.value)) return false;
      if (v.kind === "number" && v.isInteger && (v.value === 0 || v.value === 1)) return v.value === 1;
      return expect("true or false");
    case "float":
      if (v.kind === "number") return v.value;
      if (v.kind === "identifier" && /^(inf|infinity)$/i.test(v.value)) return Infinity;
      if (v.kind === "identifier" && /^nan$/i.test(v.value)) return NaN;
      return expect("a number");
    case "int":
      if (v.kind !== "number" || !v.isInteger) return expect("an integer");
      if (!(v.value >= fs.min && v.value <= fs.max)) return error(v, `field "${f.name}" value ${v.text} is out of range [${fs.min}, ${fs.max}]`);
      return v.value;
    case "enum":
      if (v.kind === "identifier") {
        if (fs.values.includes(v.value)) return v.value;
        return error(v, `unknown ${fs.what} "${v.value}" for "${f.name}" (expected one of ${fs.values.filter((n) => !n.endsWith("_INVALID")).join(", ")})`);
      }
      if (v.kind === "number" && v.isInteger && fs.values[v.value] !== undefined) return fs.values[v.value];
      return expect(`a ${fs.what} name`);
  }
}

/** A scalar as the config wrote it (a message as "{…}"). */
function valueText(v: PbtxtValue): string {
  if (v.kind === "message") return "{…}";
  if (v.kind === "string") return JSON.stringify(v.value);
  return v.kind === "number" ? v.text : v.value;
}

function describeValue(v: PbtxtValue): string {
  switch (v.kind) {
    case "message":
      return "a message";
    case "string":
      return `string ${JSON.stringify(v.value.length > 30 ? v.value.slice(0, 30) + "…" : v.value)}`;
    case "number":
      return v.text;
    case "identifier":
      return v.value;
  }
}
