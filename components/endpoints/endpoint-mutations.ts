"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { CreateEndpointInput } from "@/lib/schemas/endpoint";
import { endpointKeys } from "@/components/endpoints/keys";

export function useCreateEndpointMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateEndpointInput) => apiFetch<{ name: string; arn: string }>("/api/endpoints", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: endpointKeys.all }),
  });
}

export function useUpdateInstanceCountMutation(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (instanceCount: number) =>
      apiFetch<{ endpointConfigName: string }>(`/api/endpoints/${encodeURIComponent(name)}`, { method: "PATCH", json: { instanceCount } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: endpointKeys.all }),
  });
}

export function useDeleteEndpointMutation(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deleteResources: boolean) =>
      apiFetch<{ deleted: string[] }>(`/api/endpoints/${encodeURIComponent(name)}`, { method: "DELETE", json: { deleteResources } }),
    onSuccess: () => {
      // The deleted endpoint's own query is dropped, not refetched: on AWS it can be gone at once, and
      // its 404 would swap the page for "does not exist" under the dialog before the dialog moves on.
      qc.removeQueries({ queryKey: endpointKeys.detail(name), exact: true });
      void qc.invalidateQueries({ queryKey: endpointKeys.all });
    },
  });
}
