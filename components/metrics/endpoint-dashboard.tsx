"use client";

import Link from "next/link";
import { ENDPOINT_CHARTS, ENDPOINT_TILES } from "@/lib/metrics/dashboard-charts";
import { ChartGrid } from "@/components/metrics/chart-grid";
import { MetricTiles } from "@/components/metrics/metric-tiles";
import { SectionHeader } from "@/components/metrics/section-header";
import { useEndpointMetricsQuery } from "@/components/metrics/metrics-query";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { ErrorBanner } from "@/components/ui/error-banner";

/** An endpoint's CloudWatch dashboard: SageMaker's metrics for the whole endpoint over a range (the hub above it says when the endpoint does not exist). */
export function EndpointDashboard({ endpoint }: { endpoint: string }) {
  const { range, refresh } = useTimeRange();
  const q = useEndpointMetricsQuery(endpoint, range, { refresh });
  const href = `/endpoints/${encodeURIComponent(endpoint)}`;
  return (
    <div className="flex flex-col gap-5">
      <SectionHeader
        title="Metrics"
        titleTestId="metrics-title"
        description={
          <>
            SageMaker&apos;s CloudWatch metrics for the whole endpoint. Per model: open a model from the{" "}
            <Link className="underline" href={`${href}/models`}>
              models
            </Link>{" "}
            table. What each instance holds now:{" "}
            <Link className="underline" href={`${href}/residency`}>
              residency
            </Link>
            .
          </>
        }
        actions={<TimeRangePicker fetching={q.isFetching} />}
      />
      <ErrorBanner error={q.error} title="Could not read the metrics" />
      {q.data && q.data.variants.length === 0 && <p className="text-sm text-slate-600">This endpoint has no variants yet: metrics appear once it is in service.</p>}
      <MetricTiles tiles={ENDPOINT_TILES} sources={q.data} rangeEndsNow={"preset" in range} />
      <ChartGrid charts={ENDPOINT_CHARTS} set={q.data?.series} window={q.data} loading={q.isPending} />
    </div>
  );
}
