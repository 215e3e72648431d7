import type { ChartData } from "@/lib/metrics/chart-data";
import type { MetricUnitKind } from "@/lib/metrics/metric-series";
import { TimeSeriesChart } from "@/components/metrics/time-series-chart";
import { Card } from "@/components/ui/card";

/** A chart in a card, or the sentence that says why there is nothing to draw. */
export function ChartCard({ id, title, note, unit, data, empty, loading }: { id: string; title: string; note?: string; unit: MetricUnitKind; data?: ChartData; empty: string; loading?: boolean }) {
  return (
    <Card title={title} className="min-w-0">
      <div data-testid={`chart-${id}`}>
        {note && <p className="-mt-1 mb-2 text-xs text-slate-600">{note}</p>}
        {!data ? (
          <p className="flex h-[220px] items-center justify-center text-sm text-slate-500">{loading ? "Loading…" : "—"}</p>
        ) : data.empty ? (
          <p className="flex h-[220px] items-center justify-center text-sm text-slate-600" data-testid="chart-empty">
            {empty}
          </p>
        ) : (
          <TimeSeriesChart data={data} unit={unit} title={title} />
        )}
      </div>
    </Card>
  );
}
