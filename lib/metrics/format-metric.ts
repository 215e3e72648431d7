import type { MetricUnitKind } from "@/lib/metrics/metric-series";

/** A display unit: what to divide raw values by and what to write after them. */
export type DisplayUnit = { divisor: number; suffix: string };

/**
 * The display unit for values up to `max`: microseconds read as µs, ms or s (whichever keeps the
 * numbers short), ratios as percent, counts as they are.
 */
export function displayUnit(unit: MetricUnitKind, max: number): DisplayUnit {
  switch (unit) {
    case "microseconds":
      if (max >= 1_000_000) return { divisor: 1_000_000, suffix: "s" };
      if (max >= 1_000) return { divisor: 1_000, suffix: "ms" };
      return { divisor: 1, suffix: "µs" };
    case "percent":
      return { divisor: 1, suffix: "%" };
    case "ratio":
      return { divisor: 0.01, suffix: "%" };
    default:
      return { divisor: 1, suffix: "" };
  }
}

/** A number with at most three significant digits after the point, thousands grouped. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return "—";
  const abs = Math.abs(v);
  const digits = abs >= 100 || Number.isInteger(v) ? 0 : abs >= 10 ? 1 : 2;
  return v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** One value in its own best unit: "850 µs", "12.3 ms", "87.5 %", "1,204". */
export function formatMetric(v: number | null | undefined, unit: MetricUnitKind): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const d = displayUnit(unit, Math.abs(v));
  const n = formatNumber(v / d.divisor);
  return d.suffix ? `${n} ${d.suffix}` : n;
}

/** The axis title for a unit at a scale: "ms", "%", "count". */
export function axisUnitLabel(unit: MetricUnitKind, d: DisplayUnit): string {
  return unit === "count" ? "count" : d.suffix;
}
