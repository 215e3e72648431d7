import type { ModelRef } from "@/components/playground/invoke-mutation";

/** What `/playground?endpoint=&model=&ref=` (or `&version=`) asks to open, before anything is checked against what exists. */
export type TargetParams = { endpoint?: string; model?: string; ref?: ModelRef };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * A ref as a URL gives it: `v:3`, `v3` or `3` is version 3, `a:production` or `production` the alias
 * (so an alias that looks like a version, `v2`, is written `a:v2`). Anything else is no ref.
 */
export function refFromParam(value: string | undefined): ModelRef | undefined {
  if (!value) return undefined;
  const version = /^(?:v:?)?(\d{1,7})$/.exec(value);
  if (version) return Number(version[1]) >= 1 ? `v:${Number(version[1])}` : undefined;
  const alias = /^(?:a:)?([a-z][a-z0-9-]{0,31})$/.exec(value);
  return alias ? `a:${alias[1]}` : undefined;
}

export function targetFromSearchParams(params: SearchParams): TargetParams {
  return { endpoint: first(params.endpoint), model: first(params.model), ref: refFromParam(first(params.ref) ?? first(params.version)) };
}

/** The playground's address for a target: what "Open in playground" links to. */
export function playgroundHref(target: { endpoint: string; model?: string; version?: number; alias?: string }): string {
  const q = new URLSearchParams({ endpoint: target.endpoint });
  if (target.model) q.set("model", target.model);
  if (target.alias) q.set("ref", /^v?\d+$/.test(target.alias) ? `a:${target.alias}` : target.alias);
  else if (target.version !== undefined) q.set("ref", `v${target.version}`);
  return `/playground?${q}`;
}
