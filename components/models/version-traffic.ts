"use client";

import { useQuery } from "@tanstack/react-query";
import { tileValue } from "@/lib/metrics/chart-data";
import { MODEL_TILES, type TileDef } from "@/lib/metrics/dashboard-charts";
import { reducePoints } from "@/lib/metrics/combine-series";
import type { MetricSetsView } from "@/lib/schemas/metrics";
import { getModelMetrics } from "@/components/metrics/metrics-query";
import { metricsKeys } from "@/components/metrics/keys";

/** A release decision looks at the last hour; a running canary is watched every 10 s. */
const RANGE = { preset: "1h" } as const;
const CANARY_REFRESH_MS = 10_000;

/** One version's traffic over the last hour, as the release dialogs and the canary panel show it. */
export type VersionTraffic = {
  invocations: number;
  /** (4XX + 5XX) / invocations; undefined without invocations. */
  errorRate?: number;
  /** The highest per-bucket p50 of the hour: the metrics answer has no p50 over the whole window, so this is an upper bound. */
  p50Us?: number;
  /** Over the whole hour, as the model metrics page's p99 tile. */
  p99Us?: number;
};

/** The model metrics page's own tiles, so these figures are the ones its tiles show for the version. */
const tile = (id: string): TileDef => MODEL_TILES.find((t) => t.id === id)!;

/** A version's figures from its `byVersion` entry of the model metrics answer; undefined: no data for the version. */
export function versionTraffic(sets: MetricSetsView | undefined): VersionTraffic | undefined {
  if (!sets) return undefined;
  const invocations = tileValue(tile("invocations"), sets) ?? 0;
  const errors = (tileValue(tile("errors-4xx"), sets) ?? 0) + (tileValue(tile("errors-5xx"), sets) ?? 0);
  return {
    invocations,
    errorRate: invocations > 0 ? errors / invocations : undefined,
    p50Us: reducePoints("peak", sets.series.modelLatencyP50 ?? []),
    p99Us: tileValue(tile("p99-latency"), sets),
  };
}

/**
 * The model's per-version metrics over the last hour (the model metrics page's route). `watch`:
 * ask again every 10 s, while a canary runs and someone is deciding on it.
 */
export function useReleaseMetricsQuery(endpoint: string, model: string, watch = false) {
  return useQuery({
    queryKey: metricsKeys.model(endpoint, model, RANGE.preset),
    queryFn: ({ signal }) => getModelMetrics(endpoint, model, RANGE, signal),
    refetchInterval: watch ? CANARY_REFRESH_MS : false,
  });
}
