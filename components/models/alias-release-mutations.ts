"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { AliasChangeView, CanaryDecisionInput, CanaryInput, MoveAliasInput, RollbackAliasInput } from "@/lib/schemas/alias-release";
import { modelKeys } from "@/components/models/keys";

const aliasPath = (endpoint: string, model: string, alias: string) =>
  `/api/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(model)}/aliases/${encodeURIComponent(alias)}`;

/**
 * Every alias change refreshes the endpoint's models whether it worked or not: a refusal such as
 * alias_changed means the page shows a state that is no longer true, and the user decides again
 * on the new one.
 */
function useAliasChange<Vars>(endpoint: string, fn: (vars: Vars) => Promise<AliasChangeView>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: modelKeys.all(endpoint) }) });
}

/** Points an alias at a version (a new alias when `expected` is null), gated on verification unless forced. */
export function useMoveAliasMutation(endpoint: string, model: string) {
  return useAliasChange(endpoint, ({ alias, ...input }: MoveAliasInput & { alias: string }) =>
    apiFetch<AliasChangeView>(aliasPath(endpoint, model, alias), { method: "PUT", json: input }),
  );
}

export function useRemoveAliasMutation(endpoint: string, model: string) {
  return useAliasChange(endpoint, (alias: string) => apiFetch<AliasChangeView>(aliasPath(endpoint, model, alias), { method: "DELETE" }));
}

/** Back to the alias's previous target (no verification gate: it served before). */
export function useRollbackAliasMutation(endpoint: string, model: string) {
  return useAliasChange(endpoint, ({ alias, ...input }: RollbackAliasInput & { alias: string }) =>
    apiFetch<AliasChangeView>(`${aliasPath(endpoint, model, alias)}/rollback`, { method: "POST", json: input }),
  );
}

/** Starts a canary (or changes its weight). */
export function useStartCanaryMutation(endpoint: string, model: string) {
  return useAliasChange(endpoint, ({ alias, ...input }: CanaryInput & { alias: string }) =>
    apiFetch<AliasChangeView>(`${aliasPath(endpoint, model, alias)}/canary`, { method: "PUT", json: input }),
  );
}

/** Promote: the alias points at the canary's version. Abort: the canary stops, the alias keeps its version. */
export function useDecideCanaryMutation(endpoint: string, model: string) {
  return useAliasChange(endpoint, ({ alias, decision, ...input }: CanaryDecisionInput & { alias: string; decision: "promote" | "abort" }) =>
    decision === "promote"
      ? apiFetch<AliasChangeView>(`${aliasPath(endpoint, model, alias)}/canary/promote`, { method: "POST", json: input })
      : apiFetch<AliasChangeView>(`${aliasPath(endpoint, model, alias)}/canary`, { method: "DELETE", json: input }),
  );
}
