import { tileValue } from "@/lib/metrics/chart-data";
import type { SeriesSet } from "@/lib/metrics/combine-series-sets";
import type { TileDef } from "@/lib/metrics/dashboard-charts";
import { formatMetric } from "@/lib/metrics/format-metric";

/** The range's figures in a row above the charts: totals, ratios and peaks. */
export function MetricTiles({ tiles, set }: { tiles: readonly TileDef[]; set?: SeriesSet }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      {tiles.map((t) => (
        <div key={t.id} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" title={t.hint} data-testid={`tile-${t.id}`}>
          <dt className="text-xs text-slate-500">{t.label}</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900" data-testid="tile-value">
            {set ? formatMetric(tileValue(t, set), t.unit) : "…"}
          </dd>
        </div>
      ))}
    </dl>
  );
}
