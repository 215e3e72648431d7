import type { Shape } from "../../protocol/shape";

/**
 * Turns an awsQuery form (`MetricData.member.1.Dimensions.member.2.Name=...`) into the same
 * nested input the awsJson protocol carries, guided by the operation's shape, so one validator
 * and one backend serve both. Scalars are converted by the shape's type; a value that does not
 * convert is passed on as the string, for the validator to refuse. Timestamps stay ISO 8601
 * strings, which the validator parses. An empty list is sent as `Name=` with no members.
 */
export function parseQueryInput(shape: Shape, params: URLSearchParams): Record<string, unknown> {
  const keys = [...new Set(params.keys())];
  return (readStructure(shape, "", params, keys) ?? {}) as Record<string, unknown>;
}

function read(shape: Shape, key: string, params: URLSearchParams, keys: string[]): unknown {
  switch (shape.type) {
    case "structure":
      return readStructure(shape, `${key}.`, params, keys);
    case "list": {
      const prefix = `${key}.member.`;
      const indices = new Set<number>();
      for (const k of keys) {
        if (!k.startsWith(prefix)) continue;
        const n = Number(k.slice(prefix.length).split(".")[0]);
        if (Number.isInteger(n) && n >= 1) indices.add(n);
      }
      if (indices.size === 0) return params.has(key) ? [] : undefined;
      return [...indices].sort((a, b) => a - b).map((n) => read(shape.member, `${prefix}${n}`, params, keys));
    }
    case "map": {
      const prefix = `${key}.entry.`;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (!k.startsWith(prefix) || !k.endsWith(".key")) continue;
        const n = k.slice(prefix.length, -".key".length);
        out[params.get(k)!] = read(shape.value, `${prefix}${n}.value`, params, keys);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    default: {
      const raw = params.get(key);
      if (raw === null) return undefined;
      return scalar(shape, raw);
    }
  }
}

function readStructure(shape: Shape, prefix: string, params: URLSearchParams, keys: string[]): Record<string, unknown> | undefined {
  if (shape.type !== "structure") return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const value = read(member.shape, `${prefix}${name}`, params, keys);
    if (value !== undefined) out[name] = value;
  }
  return prefix !== "" && Object.keys(out).length === 0 ? undefined : out;
}

function scalar(shape: Shape, raw: string): unknown {
  switch (shape.type) {
    case "integer":
    case "float": {
      const n = Number(raw);
      return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
    }
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    default:
      return raw;
  }
}
