"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { isTransitional } from "@/lib/schemas/endpoint";
import type { EndpointSummariesView } from "@/lib/schemas/endpoint-summary";
import type { EndpointDetailView, EndpointRow } from "@/lib/schemas/endpoint-views";
import { useBackend } from "@/components/backend-context";
import { endpointKeys } from "@/components/endpoints/keys";
import { endpointPollMs, POLL_MS } from "@/components/polling";

export function getEndpoints(signal?: AbortSignal) {
  return apiFetch<{ endpoints: EndpointRow[] }>("/api/endpoints", { signal }).then((r) => r.endpoints);
}

/** The list looks again fast while an endpoint is in transition (POLL_MS: 10 s on AWS), slowly otherwise. */
export function useEndpointsQuery() {
  const backend = useBackend();
  return useQuery({
    queryKey: endpointKeys.list(),
    queryFn: ({ signal }) => getEndpoints(signal),
    refetchInterval: (q) => endpointPollMs(backend, { transitioning: q.state.data?.some((e) => isTransitional(e.status)) ?? false, error: q.state.error }),
  });
}

export function getEndpoint(name: string, signal?: AbortSignal) {
  return apiFetch<EndpointDetailView>(`/api/endpoints/${encodeURIComponent(name)}`, { signal });
}

export function useEndpointQuery(name: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: endpointKeys.detail(name),
    queryFn: ({ signal }) => getEndpoint(name, signal),
    refetchInterval: (q) => endpointPollMs(backend, { transitioning: isTransitional(q.state.data?.status), error: q.state.error, stopOnError: true }),
  });
}

export function getEndpointSummaries(names: readonly string[], signal?: AbortSignal) {
  return apiFetch<EndpointSummariesView>(`/api/endpoint-summaries?${new URLSearchParams({ names: names.join(",") })}`, { signal }).then((r) => r.summaries);
}

/**
 * Instances, model count, 24 h invocations and failure reason of the rows on screen (one page of
 * the list, or one endpoint): asked again when a row's status moves, else at the idle pace. The
 * previous answer stays while the next loads, so paging does not blank the columns.
 */
export function useEndpointSummariesQuery(rows: readonly { name: string; status: string }[]) {
  const backend = useBackend();
  return useQuery({
    enabled: rows.length > 0,
    queryKey: endpointKeys.summaries(rows.map((r) => `${r.name}:${r.status}`)),
    queryFn: ({ signal }) => getEndpointSummaries(rows.map((r) => r.name), signal),
    refetchInterval: POLL_MS[backend].idle,
    placeholderData: keepPreviousData,
  });
}
