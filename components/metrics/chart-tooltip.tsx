import type { ChartData } from "@/lib/metrics/chart-data";
import { formatMetric } from "@/lib/metrics/format-metric";
import type { MetricUnitKind } from "@/lib/metrics/metric-series";
import { colorAt } from "@/components/metrics/series-colors";

const utc = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

/**
 * One bucket's values beside the cursor: the bucket's span in UTC, then every line's value in its
 * own unit ("no data" for a gap). `x`: the cursor's offset in the chart box; `flip`: open to the
 * left, the cursor being in the right half. Positioned through the style property (CSSOM), which
 * the CSP's style-src allows.
 */
export function ChartTooltip({ data, unit, index, x, flip }: { data: ChartData; unit: MetricUnitKind; index: number; x: number; flip: boolean }) {
  const from = data.times[index]!;
  const to = Math.min(from + data.period * 1000, data.end);
  return (
    <div
      className="pointer-events-none absolute top-1 z-10 w-64 rounded-md border border-slate-300 bg-white px-3 py-2 text-xs shadow-md"
      style={{ left: flip ? x - 12 - 256 : x + 12 }}
      role="status"
      aria-live="polite"
      data-testid="chart-tooltip"
    >
      <p className="mb-1 text-slate-600" data-testid="chart-tooltip-time">
        {utc(from)} – {utc(to).slice(11)} UTC
      </p>
      <dl className="flex flex-col gap-0.5">
        {data.lines.map((line, li) => (
          <div key={line.key} className="flex items-center gap-2" data-testid="chart-tooltip-row">
            <span className={`inline-block h-2 w-2 shrink-0 rounded-sm ${colorAt(li).swatch}`} aria-hidden />
            <dt className="text-slate-700">{line.label}</dt>
            <dd className="ml-auto font-medium tabular-nums text-slate-900" data-testid="chart-tooltip-value">
              {line.values[index] === null ? "no data" : formatMetric(line.values[index], unit)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
