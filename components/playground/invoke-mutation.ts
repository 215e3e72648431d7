"use client";

import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { InvokeResultView, V2Request } from "@/lib/schemas/invoke";

/** Where the playground points: "v:3" is version 3, "a:production" the production alias. */
export type ModelRef = string;

export function refToBody(ref: ModelRef): { version: number } | { alias: string } {
  return ref.startsWith("a:") ? { alias: ref.slice(2) } : { version: Number(ref.slice(2)) };
}

export function invoke(endpoint: string, model: string, ref: ModelRef, request: V2Request) {
  return apiFetch<InvokeResultView>(`/api/endpoints/${encodeURIComponent(endpoint)}/invoke`, { method: "POST", json: { model, ...refToBody(ref), request } });
}

/** One send: the target it was for travels with it, so its answer is shown only while that target is chosen. */
export type InvokeVariables = { endpoint: string; model: string; refs: ModelRef[]; request: V2Request };

/** Invokes one ref, or two at once for a side-by-side comparison. */
export function useInvokeMutation() {
  return useMutation({
    mutationFn: ({ endpoint, model, refs, request }: InvokeVariables) => Promise.all(refs.map((r) => invoke(endpoint, model, r, request))),
  });
}
