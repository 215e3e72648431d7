"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { tileValue } from "@/lib/metrics/chart-data";
import { REQUEST_TILES } from "@/lib/metrics/dashboard-charts";
import { formatMetric, formatNumber } from "@/lib/metrics/format-metric";
import { PRESET_LABELS } from "@/lib/metrics/time-range";
import type { EndpointSummaryView } from "@/lib/schemas/endpoint-summary";
import type { EndpointDetailView } from "@/lib/schemas/endpoint-views";
import { instancesLabel } from "@/components/endpoints/instances-label";
import { useEndpointMetricsQuery } from "@/components/metrics/metrics-query";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { ErrorBanner } from "@/components/ui/error-banner";

const tile = (id: string) => REQUEST_TILES.find((t) => t.id === id)!;

/**
 * The endpoint at a glance: how many models it holds, its traffic, tail latency and cache hit
 * ratio over the range in the URL (the metrics dashboard's own figures: the same query, shared with
 * the Metrics tab), and what it runs on.
 */
export function EndpointSummaryFigures({ ep, summary }: { ep: EndpointDetailView; summary?: EndpointSummaryView }) {
  const { range, refresh } = useTimeRange();
  const metrics = useEndpointMetricsQuery(ep.name, range, { refresh });
  const set = metrics.data;
  const over = "preset" in range ? PRESET_LABELS[range.preset] : "chosen range";
  const variants = ep.variants.length ? ep.variants.map((v) => ({ instanceType: v.instanceType, count: v.currentInstanceCount ?? v.desiredInstanceCount })) : (summary?.instances ?? []);
  const models = summary?.modelCount;
  return (
    <section className="flex flex-col gap-3" aria-labelledby="summary-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="summary-heading" className="text-sm font-semibold text-slate-800">
          Summary <span className="font-normal text-slate-500">· traffic over the last {over}</span>
        </h2>
        <TimeRangePicker compact fetching={metrics.isFetching} />
      </div>
      <ErrorBanner error={metrics.error} title="Could not read the endpoint's metrics" />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5" data-testid="endpoint-summary">
        <Figure label="Models" testId="summary-models">
          {models === undefined ? (
            "…"
          ) : (
            <Link href={`/endpoints/${encodeURIComponent(ep.name)}/models`} className="hover:underline">
              {formatNumber(models)}
              {summary?.modelCountCapped ? "+" : ""}
            </Link>
          )}
        </Figure>
        <Figure label="Invocations" testId="summary-invocations">
          {set ? formatMetric(tileValue(tile("invocations"), set) ?? 0, "count") : "…"}
        </Figure>
        <Figure label="p99 model latency" hint={tile("p99-latency").hint} testId="summary-p99">
          {set ? formatMetric(tileValue(tile("p99-latency"), set), "microseconds") : "…"}
        </Figure>
        <Figure label="Cache hit ratio" testId="summary-hit-ratio">
          {set ? formatMetric(tileValue(tile("cache-hit"), set), "ratio") : "…"}
        </Figure>
        <Figure label="Instances" testId="summary-instances">
          {instancesLabel(variants)}
        </Figure>
      </dl>
    </section>
  );
}

function Figure({ label, hint, testId, children }: { label: string; hint?: string; testId: string; children: ReactNode }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" title={hint} data-testid={testId}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 truncate text-xl font-semibold tabular-nums text-slate-900" data-testid="figure-value">
        {children}
      </dd>
    </div>
  );
}
