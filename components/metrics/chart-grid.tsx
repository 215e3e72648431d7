import { useMemo, type ReactNode } from "react";
import { chartData, type ChartWindow } from "@/lib/metrics/chart-data";
import type { SeriesSet } from "@/lib/metrics/combine-series-sets";
import type { ChartDef } from "@/lib/metrics/dashboard-charts";
import { ChartCard } from "@/components/metrics/chart-card";

/** Dashboard charts, two to a row on wide screens, all drawn from one series set; `leading` goes first (charts of their own). */
export function ChartGrid({ charts, set, window, loading, leading }: { charts: readonly ChartDef[]; set?: SeriesSet; window?: ChartWindow; loading: boolean; leading?: ReactNode }) {
  // Charts are redrawn when their data changes, not on every render of the page around them.
  const data = useMemo(() => charts.map((c) => (set && window ? chartData(c, set, window) : undefined)), [charts, set, window]);
  return (
    <div className="grid gap-5 xl:grid-cols-2">
      {leading}
      {charts.map((c, i) => (
        <ChartCard key={c.id} id={c.id} title={c.title} note={c.note} unit={c.unit} empty={c.empty} loading={loading} data={data[i]} />
      ))}
    </div>
  );
}
