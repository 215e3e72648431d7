"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { isTransitional } from "@/lib/schemas/endpoint";
import type { EndpointDetailView, EndpointRow } from "@/lib/schemas/endpoint-views";
import { useBackend } from "@/components/backend-context";
import { endpointKeys } from "@/components/endpoints/keys";
import { endpointPollMs } from "@/components/polling";

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
