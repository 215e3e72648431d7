"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { VerificationView } from "@/lib/schemas/model-views";
import { modelKeys } from "@/components/models/keys";

const modelPath = (endpoint: string, model: string) => `/api/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(model)}`;

export function useDeleteVersionMutation(endpoint: string, model: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => apiFetch(`${modelPath(endpoint, model)}/versions/${version}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: modelKeys.all(endpoint) }),
  });
}

/** Runs a version's check again; the page shows "verifying" and polls when it outlasts the request. */
export function useVerifyVersionMutation(endpoint: string, model: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => apiFetch<VerificationView>(`${modelPath(endpoint, model)}/versions/${version}/verify`, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: modelKeys.all(endpoint) }),
  });
}
