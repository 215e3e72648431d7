"use client";

import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { rangeKey, rangeToQuery, type RangeSpec } from "@/lib/metrics/time-range";
import type { EndpointMetricsView, ModelMetricsView, ModelsSummaryView, ResidencyView } from "@/lib/schemas/metrics";
import { metricsKeys } from "@/components/metrics/keys";

/** How often charts look again while auto-refresh is on. */
export const REFRESH_MS = 15_000;

const base = (endpoint: string) => `/api/endpoints/${encodeURIComponent(endpoint)}`;
const every = (refresh: boolean) => (refresh ? REFRESH_MS : false);

export function getEndpointMetrics(endpoint: string, range: RangeSpec, charts: readonly string[] | undefined, signal?: AbortSignal) {
  const q = new URLSearchParams({ ...rangeToQuery(range), ...(charts ? { charts: charts.join(",") } : {}) });
  return apiFetch<EndpointMetricsView>(`${base(endpoint)}/metrics?${q}`, { signal });
}

/** The endpoint dashboard's series; the previous range stays on screen while a new one loads. */
export function useEndpointMetricsQuery(endpoint: string, range: RangeSpec, opts: { refresh: boolean; charts?: readonly string[] }) {
  return useQuery({
    queryKey: metricsKeys.endpoint(endpoint, rangeKey(range), opts.charts),
    queryFn: ({ signal }) => getEndpointMetrics(endpoint, range, opts.charts, signal),
    refetchInterval: every(opts.refresh),
    placeholderData: keepPreviousData,
  });
}

export function getModelMetrics(endpoint: string, model: string, range: RangeSpec, signal?: AbortSignal) {
  return apiFetch<ModelMetricsView>(`${base(endpoint)}/models/${encodeURIComponent(model)}/metrics?${new URLSearchParams(rangeToQuery(range))}`, { signal });
}

export function useModelMetricsQuery(endpoint: string, model: string, range: RangeSpec, refresh: boolean) {
  return useQuery({
    queryKey: metricsKeys.model(endpoint, model, rangeKey(range)),
    queryFn: ({ signal }) => getModelMetrics(endpoint, model, range, signal),
    refetchInterval: every(refresh),
    placeholderData: keepPreviousData,
  });
}

export function getModelsSummary(endpoint: string, models: readonly string[], range: RangeSpec, signal?: AbortSignal) {
  const q = new URLSearchParams({ ...rangeToQuery(range), models: models.join(",") });
  return apiFetch<ModelsSummaryView>(`${base(endpoint)}/metrics/models?${q}`, { signal });
}

/** One summary query per page of the models table, so loading another page never refetches the first. */
export function useModelsSummaryQueries(endpoint: string, pages: readonly (readonly string[])[], range: RangeSpec, refresh: boolean) {
  return useQueries({
    queries: pages
      .filter((names) => names.length > 0)
      .map((names) => ({
        queryKey: metricsKeys.modelsSummary(endpoint, names, rangeKey(range)),
        queryFn: ({ signal }: { signal: AbortSignal }) => getModelsSummary(endpoint, names, range, signal),
        refetchInterval: every(refresh),
        placeholderData: keepPreviousData,
      })),
  });
}

export function getResidency(endpoint: string, signal?: AbortSignal) {
  return apiFetch<ResidencyView>(`${base(endpoint)}/residency`, { signal });
}

export function useResidencyQuery(endpoint: string, refresh: boolean) {
  return useQuery({ queryKey: metricsKeys.residency(endpoint), queryFn: ({ signal }) => getResidency(endpoint, signal), refetchInterval: every(refresh) });
}
