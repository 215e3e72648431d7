"use client";

import { useMemo, useState } from "react";
import { toChartData } from "@/lib/metrics/chart-data";
import { MODEL_CHARTS, MODEL_TILES } from "@/lib/metrics/dashboard-charts";
import type { MetricStat, SeriesKey } from "@/lib/metrics/metric-series";
import type { ModelMetricsView } from "@/lib/schemas/metrics";
import { ChartCard } from "@/components/metrics/chart-card";
import { ChartGrid } from "@/components/metrics/chart-grid";
import { MetricTiles } from "@/components/metrics/metric-tiles";
import { SectionHeader } from "@/components/metrics/section-header";
import { useModelMetricsQuery } from "@/components/metrics/metrics-query";
import { isNotFound, NotFoundNotice } from "@/components/metrics/not-found-notice";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

const ALL = "all";

/**
 * One model's metrics (the console's own per-model series: SageMaker has none): all its versions
 * together or one version, and with several versions, invocations and p99 latency overlaid by version.
 * A model the registry does not know is said not to exist, as the endpoint page says of an endpoint.
 */
export function ModelMetrics({ endpoint, model }: { endpoint: string; model: string }) {
  const { range, refresh } = useTimeRange();
  const q = useModelMetricsQuery(endpoint, model, range, refresh);
  const [picked, setPicked] = useState(ALL);
  const data = q.data;
  const version = picked !== ALL && data?.byVersion[picked] ? picked : ALL;
  const sets = data ? (version === ALL ? data.total : data.byVersion[version]) : undefined;
  const window = useMemo(() => (data && sets ? { ...data, since: sets.since } : undefined), [data, sets]);
  const endpointHref = `/endpoints/${encodeURIComponent(endpoint)}`;
  if (isNotFound(q.error)) {
    // A missing endpoint is the hub's to say (it replaces the whole page); a missing model is this page's.
    if (/^Endpoint /.test(q.error.message)) return null;
    return <NotFoundNotice name={model} message={`There is no model "${model}" on endpoint ${endpoint}.`} back={{ href: `${endpointHref}/models`, label: `Back to the models of ${endpoint}` }} testId="model-gone" />;
  }
  const overlay = version === ALL && data && data.versions.length > 1;
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Breadcrumbs
          trail={[
            { label: "Models", href: `${endpointHref}/models` },
            { label: model, href: `${endpointHref}/models/${encodeURIComponent(model)}` },
          ]}
        />
        <SectionHeader
          title={`${model} metrics`}
          titleTestId="metrics-title"
          description="Per-model series the console records under the target model each request named."
          actions={<TimeRangePicker fetching={q.isFetching} />}
        />
      </div>
      <ErrorBanner error={q.error} title="Could not read the model's metrics" />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label htmlFor="version-select" className="font-medium text-slate-800">
          Versions
        </label>
        <div className="w-72">
          <select id="version-select" className={inputClass} value={version} onChange={(e) => setPicked(e.target.value)} data-testid="version-select">
            <option value={ALL}>All versions{data ? ` (${data.versions.length})` : ""}</option>
            {data?.versions.map((v) => (
              <option key={v.version} value={String(v.version)}>
                v{v.version} ({v.targetModel})
              </option>
            ))}
          </select>
        </div>
        {overlay && <span className="text-xs text-slate-600">Counts and ratios are exact sums; percentiles are the highest version&apos;s (an upper bound).</span>}
        {data && data.omittedVersions > 0 && <span className="text-xs text-amber-700">{data.omittedVersions} older versions are not charted.</span>}
      </div>
      {data && !(data.total.series.invocations ?? []).some(([, v]) => v > 0) && (
        <p className="text-sm text-slate-600" data-testid="model-metrics-none">
          {data.versions.length === 0 ? `${model} has no uploaded version yet.` : `No invocations of ${model} in this range.`}
        </p>
      )}
      <MetricTiles tiles={MODEL_TILES} sources={sets} rangeEndsNow={"preset" in range} />
      <ChartGrid
        charts={MODEL_CHARTS}
        set={sets?.series}
        window={window}
        loading={q.isPending}
        leading={
          overlay ? (
            <>
              <ByVersion id="invocations-by-version" title="Invocations by version" data={data} seriesKey="invocations" stat="Sum" unit="count" />
              <ByVersion id="latency-by-version" title="p99 model latency by version" data={data} seriesKey="modelLatencyP99" stat="p99" unit="microseconds" />
            </>
          ) : undefined
        }
      />
    </div>
  );
}

/** One series of every version on one chart: bars side by side for counts, a line each otherwise. */
function ByVersion({ id, title, data, seriesKey, stat, unit }: { id: string; title: string; data: ModelMetricsView; seriesKey: SeriesKey; stat: MetricStat; unit: "count" | "microseconds" }) {
  const chart = useMemo(
    () =>
      toChartData(
        { ...data, since: data.total.since },
        data.versions.map((v) => {
          const sets = data.byVersion[String(v.version)];
          return { key: String(v.version), label: `v${v.version}`, stat, points: sets?.series[seriesKey] ?? [], since: sets?.since };
        }),
      ),
    [data, seriesKey, stat],
  );
  return <ChartCard id={id} title={title} unit={unit} data={chart} empty="No invocations in this range" />;
}
