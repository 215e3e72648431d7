/**
 * The dashboards' time ranges: a preset relative to now (kept in the URL as `range=1h`, so a
 * refresh slides the window) or a custom absolute start and end (`start=…&end=…`, ISO 8601).
 */
export const RANGE_PRESETS = {
  "1h": 3_600_000,
  "3h": 3 * 3_600_000,
  "12h": 12 * 3_600_000,
  "1d": 86_400_000,
  "1w": 7 * 86_400_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_PRESET: RangePreset = "1h";

export const PRESET_LABELS: Record<RangePreset, string> = { "1h": "1 hour", "3h": "3 hours", "12h": "12 hours", "1d": "1 day", "1w": "1 week" };

export type RangeSpec = { preset: RangePreset } | { start: number; end: number };

/** CloudWatch keeps 15 months of data; no range reaches further back. */
export const MAX_RANGE_MS = 455 * 86_400_000;
export const MIN_RANGE_MS = 60_000;

export function isPreset(s: string | null | undefined): s is RangePreset {
  return s !== null && s !== undefined && Object.hasOwn(RANGE_PRESETS, s);
}

/** The absolute window a spec means at `now` (epoch milliseconds). */
export function resolveRange(spec: RangeSpec, now: number): { start: number; end: number } {
  return "preset" in spec ? { start: now - RANGE_PRESETS[spec.preset], end: now } : { start: spec.start, end: spec.end };
}

/** The URL query of a spec, the one shape the pages and the API share. */
export function rangeToQuery(spec: RangeSpec): Record<string, string> {
  return "preset" in spec ? { range: spec.preset } : { start: new Date(spec.start).toISOString(), end: new Date(spec.end).toISOString() };
}

/** Reads a spec from URL parameters; anything missing or malformed falls back to the default preset. */
export function rangeFromParams(params: { get(name: string): string | null }): RangeSpec {
  const range = params.get("range");
  if (isPreset(range)) return { preset: range };
  const start = Date.parse(params.get("start") ?? "");
  const end = Date.parse(params.get("end") ?? "");
  if (Number.isFinite(start) && Number.isFinite(end) && end - start >= MIN_RANGE_MS && end - start <= MAX_RANGE_MS) return { start, end };
  return { preset: DEFAULT_PRESET };
}

/** A stable string for query keys. */
export function rangeKey(spec: RangeSpec): string {
  return "preset" in spec ? spec.preset : `${spec.start}-${spec.end}`;
}

/**
 * The custom range a drag across a chart selects: whole seconds, at least MIN_RANGE_MS (a
 * shorter selection widens around its middle), never past now.
 */
export function zoomedRange(fromMs: number, toMs: number, nowMs: number): { start: number; end: number } {
  const [a, b] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
  const widen = Math.max(0, MIN_RANGE_MS - (b - a)) / 2;
  const end = Math.min(nowMs, Math.ceil((b + widen) / 1000) * 1000);
  const start = Math.min(Math.floor((a - widen) / 1000) * 1000, end - MIN_RANGE_MS);
  return { start, end };
}
