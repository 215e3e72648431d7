"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { isTransitional } from "@/lib/schemas/endpoint";
import type { EndpointDetailView, EndpointRow } from "@/lib/schemas/endpoint-views";
import { endpointKeys } from "@/components/endpoints/keys";

/** How often to look again while something is moving; idle pages refresh slowly. */
const FAST_MS = 2_000;
const SLOW_MS = 30_000;

export function getEndpoints(signal?: AbortSignal) {
  return apiFetch<{ endpoints: EndpointRow[] }>("/api/endpoints", { signal }).then((r) => r.endpoints);
}

export function useEndpointsQuery() {
  return useQuery({
    queryKey: endpointKeys.list(),
    queryFn: ({ signal }) => getEndpoints(signal),
    refetchInterval: (q) => (q.state.data?.some((e) => isTransitional(e.status)) ? FAST_MS : SLOW_MS),
  });
}

export function getEndpoint(name: string, signal?: AbortSignal) {
  return apiFetch<EndpointDetailView>(`/api/endpoints/${encodeURIComponent(name)}`, { signal });
}

export function useEndpointQuery(name: string) {
  return useQuery({
    queryKey: endpointKeys.detail(name),
    queryFn: ({ signal }) => getEndpoint(name, signal),
    refetchInterval: (q) => (q.state.error ? false : isTransitional(q.state.data?.status) ? FAST_MS : SLOW_MS),
  });
}
