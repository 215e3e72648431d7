"use client";

import { useState } from "react";
import { toChartData } from "@/lib/metrics/chart-data";
import { MODEL_CHARTS, MODEL_TILES } from "@/lib/metrics/dashboard-charts";
import type { ModelMetricsView } from "@/lib/schemas/metrics";
import { ChartCard } from "@/components/metrics/chart-card";
import { ChartGrid } from "@/components/metrics/chart-grid";
import { MetricTiles } from "@/components/metrics/metric-tiles";
import { useModelMetricsQuery } from "@/components/metrics/metrics-query";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

const ALL = "all";

/**
 * One model's metrics (the console's own per-model series: SageMaker has none): all its versions
 * together or one version, and invocations split by version.
 */
export function ModelMetrics({ endpoint, model }: { endpoint: string; model: string }) {
  const { range, refresh } = useTimeRange();
  const q = useModelMetricsQuery(endpoint, model, range, refresh);
  const [picked, setPicked] = useState(ALL);
  const data = q.data;
  const version = picked !== ALL && data?.byVersion[picked] ? picked : ALL;
  const set = data ? (version === ALL ? data.total : data.byVersion[version]) : undefined;
  const endpointHref = `/endpoints/${encodeURIComponent(endpoint)}`;
  return (
    <div className="flex flex-col gap-5">
      <PageHeader
        trail={[
          { label: "Endpoints", href: "/endpoints" },
          { label: endpoint, href: endpointHref },
          { label: "models", href: `${endpointHref}/models` },
          { label: model, href: `${endpointHref}/models/${encodeURIComponent(model)}` },
        ]}
        title={`${model} metrics`}
        titleTestId="metrics-title"
        description="Per-model series the console records under the target model each request named."
        actions={<TimeRangePicker fetching={q.isFetching} />}
      />
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
        {version === ALL && data && data.versions.length > 1 && (
          <span className="text-xs text-slate-500">Counts and ratios are exact sums; percentiles are the highest version&apos;s (an upper bound).</span>
        )}
        {data && data.omittedVersions > 0 && <span className="text-xs text-amber-700">{data.omittedVersions} older versions are not charted.</span>}
      </div>
      {data && !(data.total.invocations ?? []).some(([, v]) => v > 0) && (
        <p className="text-sm text-slate-500" data-testid="model-metrics-none">
          {data.versions.length === 0 ? `${model} has no uploaded version yet.` : `No invocations of ${model} in this range.`}
        </p>
      )}
      <MetricTiles tiles={MODEL_TILES} set={set} />
      <ChartGrid
        charts={MODEL_CHARTS}
        set={set}
        window={data}
        loading={q.isPending}
        leading={version === ALL && data && data.versions.length > 1 ? <InvocationsByVersion data={data} /> : undefined}
      />
    </div>
  );
}

function InvocationsByVersion({ data }: { data: ModelMetricsView }) {
  const chart = toChartData(
    data,
    data.versions.map((v) => ({ key: String(v.version), label: `v${v.version}`, stat: "Sum" as const, points: data.byVersion[String(v.version)]?.invocations ?? [] })),
  );
  return <ChartCard id="invocations-by-version" title="Invocations by version" unit="count" data={chart} empty="No invocations in this range" />;
}
