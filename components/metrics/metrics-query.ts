"use client";

import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { rangeKey, rangeToQuery, type RangeSpec } from "@/lib/metrics/time-range";
import type { EndpointMetricsView, ModelMetricsView, ModelsSummaryView, ResidencyView } from "@/lib/schemas/metrics";
import { useBackend } from "@/components/backend-context";
import { metricsKeys } from "@/components/metrics/keys";
import { POLL_MS } from "@/components/polling";

/** How often charts look again while auto-refresh is on: as often as the backend has new data points (POLL_MS). */
export function useRefreshMs(): number {
  return POLL_MS[useBackend()].metrics;
}

const base = (endpoint: string) => `/api/endpoints/${encodeURIComponent(endpoint)}`;
function useEvery(refresh: boolean): number | false {
  const ms = useRefreshMs();
  return refresh ? ms : false;
}

export function getEndpointMetrics(endpoint: string, range: RangeSpec, charts: readonly string[] | undefined, signal?: AbortSignal) {
  const q = new URLSearchParams({ ...rangeToQuery(range), ...(charts ? { charts: charts.join(",") } : {}) });
  return apiFetch<EndpointMetricsView>(`${base(endpoint)}/metrics?${q}`, { signal });
}

/** The endpoint dashboard's series; the previous range stays on screen while a new one loads. */
export function useEndpointMetricsQuery(endpoint: string, range: RangeSpec, opts: { refresh: boolean; charts?: readonly string[] }) {
  const every = useEvery(opts.refresh);
  return useQuery({
    queryKey: metricsKeys.endpoint(endpoint, rangeKey(range), opts.charts),
    queryFn: ({ signal }) => getEndpointMetrics(endpoint, range, opts.charts, signal),
    refetchInterval: every,
    placeholderData: keepPreviousData,
  });
}

export function getModelMetrics(endpoint: string, model: string, range: RangeSpec, signal?: AbortSignal) {
  return apiFetch<ModelMetricsView>(`${base(endpoint)}/models/${encodeURIComponent(model)}/metrics?${new URLSearchParams(rangeToQuery(range))}`, { signal });
}

export function useModelMetricsQuery(endpoint: string, model: string, range: RangeSpec, refresh: boolean) {
  const every = useEvery(refresh);
  return useQuery({
    queryKey: metricsKeys.model(endpoint, model, rangeKey(range)),
    queryFn: ({ signal }) => getModelMetrics(endpoint, model, range, signal),
    refetchInterval: every,
    placeholderData: keepPreviousData,
  });
}

export function getModelsSummary(endpoint: string, models: readonly string[], range: RangeSpec, signal?: AbortSignal) {
  const q = new URLSearchParams({ ...rangeToQuery(range), models: models.join(",") });
  return apiFetch<ModelsSummaryView>(`${base(endpoint)}/metrics/models?${q}`, { signal });
}

/** One summary query per page of the models table, so loading another page never refetches the first. */
export function useModelsSummaryQueries(endpoint: string, pages: readonly (readonly string[])[], range: RangeSpec, refresh: boolean) {
  const every = useEvery(refresh);
  return useQueries({
    queries: pages
      .filter((names) => names.length > 0)
      .map((names) => ({
        queryKey: metricsKeys.modelsSummary(endpoint, names, rangeKey(range)),
        queryFn: ({ signal }: { signal: AbortSignal }) => getModelsSummary(endpoint, names, range, signal),
        refetchInterval: every,
        placeholderData: keepPreviousData,
      })),
  });
}

export function getResidency(endpoint: string, signal?: AbortSignal) {
  return apiFetch<ResidencyView>(`${base(endpoint)}/residency`, { signal });
}

/** The engine's residency; on AWS the answer is that there is none, and it is not asked again. */
export function useResidencyQuery(endpoint: string, refresh: boolean) {
  const every = useEvery(refresh);
  return useQuery({
    queryKey: metricsKeys.residency(endpoint),
    queryFn: ({ signal }) => getResidency(endpoint, signal),
    refetchInterval: (q) => (q.state.data?.available === false ? false : every),
  });
}
