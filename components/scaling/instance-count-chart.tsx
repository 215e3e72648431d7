"use client";

import { useMemo } from "react";
import { toChartData } from "@/lib/metrics/chart-data";
import { timeGrid } from "@/lib/metrics/combine-series";
import { capacityChange, desiredCountAt } from "@/lib/scaling/instance-steps";
import type { InstanceHistoryView, ScalingActivityView } from "@/lib/schemas/scaling";
import type { PlotMarker } from "@/components/metrics/plot-options";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { TimeSeriesChart } from "@/components/metrics/time-series-chart";
import { Card } from "@/components/ui/card";

/**
 * The instance count over the range: what the scaling activities set (a step line: desired) and
 * what traffic measured (Invocations ÷ InvocationsPerInstance, where there were requests), with
 * each activity drawn across the chart at its start.
 */
export function InstanceCountChart({
  history,
  activities,
  desiredNow,
  fetching,
}: {
  history?: InstanceHistoryView;
  activities: readonly ScalingActivityView[];
  desiredNow: number;
  fetching: boolean;
}) {
  const data = useMemo(() => {
    if (!history) return undefined;
    // Nothing is desired before the endpoint existed: its bucket is where the step line starts.
    const from = history.since === undefined ? -Infinity : Math.floor(history.since / (history.period * 1000)) * history.period * 1000;
    const grid = timeGrid(history.start, history.end, history.period).filter((t) => t >= from);
    const desired = desiredCountAt(grid, activities, desiredNow);
    return toChartData({ start: history.start, end: history.end, period: history.period, since: history.since }, [
      { key: "desired", label: "Desired (scaling activities)", stat: "Maximum", points: grid.flatMap((t, i) => (desired[i] == null ? [] : [[t, desired[i]] as [number, number]])) },
      { key: "measured", label: "In service (measured from traffic)", stat: "Average", points: history.measured },
    ]);
  }, [history, activities, desiredNow]);
  const markers = useMemo<PlotMarker[]>(
    () =>
      activities.map((a) => {
        const c = capacityChange(a);
        return { at: a.start, label: c ? `→ ${c.to}` : a.status === "Failed" ? "failed" : "•" };
      }),
    [activities],
  );
  return (
    <Card title="Instances over time" actions={<TimeRangePicker fetching={fetching} compact />}>
      <div data-testid="chart-instances">
        {!data ? (
          <p className="flex h-[220px] items-center justify-center text-sm text-slate-500">Loading…</p>
        ) : (
          <TimeSeriesChart data={data} unit="count" title="Instances" markers={markers} />
        )}
        <p className="mt-2 text-xs text-slate-600">Dashed lines mark scaling activities (listed below). The measured line has points only where the endpoint had requests.</p>
      </div>
    </Card>
  );
}
