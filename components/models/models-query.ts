"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { isVerificationRunning } from "@/lib/model-verification";
import type { ModelDetailView, ModelSummaryView } from "@/lib/schemas/model-views";
import { modelKeys } from "@/components/models/keys";

/** How often a page asks again while a version's check is running (it goes on after the upload's answer). */
const VERIFYING_POLL_MS = 2_000;

type ModelsPage = { models: ModelSummaryView[]; nextCursor?: string; location: string };

const base = (endpoint: string) => `/api/endpoints/${encodeURIComponent(endpoint)}`;

export function getModelsPage(endpoint: string, search: string, cursor: string | undefined, signal?: AbortSignal) {
  const q = new URLSearchParams({ limit: "50", ...(search ? { search } : {}), ...(cursor ? { cursor } : {}) });
  return apiFetch<ModelsPage>(`${base(endpoint)}/models?${q}`, { signal });
}

/** Models a page at a time (thousands per endpoint are normal for MME), filtered by name prefix; nothing is asked without an endpoint. */
export function useModelsQuery(endpoint: string, search: string) {
  return useInfiniteQuery({
    enabled: endpoint !== "",
    queryKey: modelKeys.list(endpoint, search),
    queryFn: ({ pageParam, signal }) => getModelsPage(endpoint, search, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.models.some((m) => isVerificationRunning(m.verification))) ? VERIFYING_POLL_MS : false),
  });
}

export function getModel(endpoint: string, model: string, signal?: AbortSignal) {
  return apiFetch<ModelDetailView>(`${base(endpoint)}/models/${encodeURIComponent(model)}`, { signal });
}

/** One model's detail; nothing is asked until both an endpoint and a model are chosen. */
export function useModelQuery(endpoint: string | undefined, model: string | undefined) {
  return useQuery({
    queryKey: modelKeys.detail(endpoint ?? "", model ?? ""),
    queryFn: ({ signal }) => getModel(endpoint!, model!, signal),
    enabled: Boolean(endpoint && model),
    refetchInterval: (query) => (query.state.data?.versions.some((v) => isVerificationRunning(v.verification)) ? VERIFYING_POLL_MS : false),
  });
}
