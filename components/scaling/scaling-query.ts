"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { isTransitional } from "@/lib/schemas/endpoint";
import { rangeKey, rangeToQuery, type RangeSpec } from "@/lib/metrics/time-range";
import type { ScalableTargetInput, ScalingMetricsView, ScalingPolicyInput, ScalingView, ScheduledActionInput } from "@/lib/schemas/scaling";
import { useBackend } from "@/components/backend-context";
import { endpointKeys } from "@/components/endpoints/keys";
import { POLL_MS } from "@/components/polling";
import { scalingKeys } from "@/components/scaling/scaling-keys";

const base = (endpoint: string) => `/api/endpoints/${encodeURIComponent(endpoint)}/scaling`;

/**
 * The variant's scaling state. While a policy can act (or an activity or the endpoint is in
 * progress) it is asked as often as an endpoint in transition, so an activity shows soon after it
 * starts; otherwise as often as an idle endpoint.
 */
export function useScalingQuery(endpoint: string) {
  const poll = POLL_MS[useBackend()];
  return useQuery({
    queryKey: scalingKeys.state(endpoint),
    queryFn: ({ signal }) => apiFetch<ScalingView>(base(endpoint), { signal }),
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return q.state.error ? poll.idle : false;
      const busy = d.policies.length > 0 || d.scheduledActions.length > 0 || isTransitional(d.endpointStatus) || d.activities.some((a) => a.status === "InProgress" || a.status === "Pending");
      return busy ? poll.transition : poll.idle;
    },
  });
}

export function useScalingMetricsQuery(endpoint: string, range: RangeSpec, refresh: boolean) {
  const every = POLL_MS[useBackend()].metrics;
  return useQuery({
    queryKey: scalingKeys.metrics(endpoint, rangeKey(range)),
    queryFn: ({ signal }) => apiFetch<ScalingMetricsView>(`${base(endpoint)}/metrics?${new URLSearchParams(rangeToQuery(range))}`, { signal }),
    refetchInterval: refresh ? every : false,
    placeholderData: keepPreviousData,
  });
}

/** A change to the variant's scaling; afterwards the tab and the endpoint (whose count may move) are asked again. */
function useScalingMutation<I, R>(endpoint: string, request: (input: I) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: scalingKeys.state(endpoint) }), qc.invalidateQueries({ queryKey: endpointKeys.detail(endpoint) })]),
  });
}

export function useRegisterTargetMutation(endpoint: string) {
  return useScalingMutation(endpoint, (t: ScalableTargetInput) => apiFetch(`${base(endpoint)}/target`, { method: "PUT", json: t }));
}

export function useDeregisterTargetMutation(endpoint: string) {
  return useScalingMutation(endpoint, () => apiFetch(`${base(endpoint)}/target`, { method: "DELETE" }));
}

export function usePutPolicyMutation(endpoint: string) {
  return useScalingMutation(endpoint, (p: ScalingPolicyInput) => apiFetch(`${base(endpoint)}/policies`, { method: "PUT", json: p }));
}

export function useDeletePolicyMutation(endpoint: string) {
  return useScalingMutation(endpoint, (policy: string) => apiFetch(`${base(endpoint)}/policies/${encodeURIComponent(policy)}`, { method: "DELETE" }));
}

export function usePutScheduledActionMutation(endpoint: string) {
  return useScalingMutation(endpoint, (a: ScheduledActionInput) => apiFetch(`${base(endpoint)}/scheduled-actions`, { method: "PUT", json: a }));
}

export function useDeleteScheduledActionMutation(endpoint: string) {
  return useScalingMutation(endpoint, (action: string) => apiFetch(`${base(endpoint)}/scheduled-actions/${encodeURIComponent(action)}`, { method: "DELETE" }));
}
