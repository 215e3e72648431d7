import { tileValue, type TileSources } from "@/lib/metrics/chart-data";
import type { TileDef } from "@/lib/metrics/dashboard-charts";
import { formatMetric } from "@/lib/metrics/format-metric";

/**
 * The range's figures in a row above the charts, each saying what it covers ("total over the
 * range", "busiest instance"), all from the answer the charts draw. `rangeEndsNow`: false for a
 * custom range in the past, where a "now" tile names the range's end instead.
 */
export function MetricTiles({ tiles, sources, rangeEndsNow = true }: { tiles: readonly TileDef[]; sources?: TileSources; rangeEndsNow?: boolean }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      {tiles.map((t) => (
        <div key={t.id} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" title={t.hint} data-testid={`tile-${t.id}`}>
          <dt className="text-xs text-slate-600">
            <span className="font-medium text-slate-700" data-testid="tile-label">
              {!rangeEndsNow && t.pastLabel ? t.pastLabel : t.label}
            </span>
            <span className="block text-slate-500">{t.qualifier}</span>
          </dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900" data-testid="tile-value">
            {sources ? formatMetric(tileValue(t, sources), t.unit) : "…"}
          </dd>
        </div>
      ))}
    </dl>
  );
}
