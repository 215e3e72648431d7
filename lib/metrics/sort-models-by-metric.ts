import type { ModelMetricsSummary } from "@/lib/schemas/metrics";

export type ModelSortKey = "name" | "invocations" | "p99" | "hitRatio";
export type SortDir = "asc" | "desc";

const VALUE: Record<Exclude<ModelSortKey, "name">, (s: ModelMetricsSummary | undefined) => number | undefined> = {
  invocations: (s) => s?.invocations,
  p99: (s) => s?.p99LatencyUs,
  hitRatio: (s) => s?.cacheHitRatio,
};

/**
 * Rows of the models table in the chosen order. Rows without a figure (no traffic in the range,
 * or not loaded yet) always come last, whichever the direction, so the hottest or slowest rise to
 * the top; ties keep name order.
 */
export function sortModelsByMetric<T extends { name: string }>(rows: readonly T[], summaries: Record<string, ModelMetricsSummary>, key: ModelSortKey, dir: SortDir): T[] {
  const sign = dir === "asc" ? 1 : -1;
  const byName = (a: T, b: T) => a.name.localeCompare(b.name);
  if (key === "name") return [...rows].sort((a, b) => sign * byName(a, b));
  const value = VALUE[key];
  return [...rows].sort((a, b) => {
    const va = value(summaries[a.name]);
    const vb = value(summaries[b.name]);
    if (va === undefined || vb === undefined) return va === vb ? byName(a, b) : va === undefined ? 1 : -1;
    return va === vb ? byName(a, b) : sign * (va - vb);
  });
}
