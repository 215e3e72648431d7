"use client";

import { useState } from "react";
import type { VersionView } from "@/lib/schemas/model-views";
import { useDeleteAliasMutation, useSetAliasMutation } from "@/components/models/model-mutations";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

/** Sets or moves an alias to a ready version; invokes by alias resolve it at invoke time. */
export function AliasEditor({ endpoint, model, versions, aliases }: { endpoint: string; model: string; versions: VersionView[]; aliases: Record<string, number> }) {
  const ready = versions.filter((v) => v.state === "ready");
  const setAlias = useSetAliasMutation(endpoint, model);
  const delAlias = useDeleteAliasMutation(endpoint, model);
  const [alias, setAliasName] = useState("production");
  const [version, setVersion] = useState(String(ready[0]?.version ?? ""));
  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setAlias.mutate({ alias: alias.trim(), version: Number(version) });
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Alias</span>
          <input className={`${inputClass} w-40`} value={alias} onChange={(e) => setAliasName(e.target.value)} list="alias-suggestions" data-testid="alias-name" />
          <datalist id="alias-suggestions">
            {["production", "staging", "canary", ...Object.keys(aliases)].map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Version</span>
          <select className={`${inputClass} w-28`} value={version} onChange={(e) => setVersion(e.target.value)} data-testid="alias-version">
            {ready.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary" disabled={!alias.trim() || !version || setAlias.isPending} data-testid="alias-save">
          {aliases[alias.trim()] !== undefined ? "Move alias" : "Set alias"}
        </Button>
      </form>
      {Object.keys(aliases).length > 0 && (
        <ul className="flex flex-col gap-1 text-sm">
          {Object.entries(aliases).map(([a, v]) => (
            <li key={a} className="flex items-center gap-2">
              <span className="font-medium">{a}</span> → v{v}
              <button type="button" className="text-xs text-slate-500 underline" onClick={() => delAlias.mutate(a)}>
                remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={setAlias.error ?? delAlias.error} title="Could not change the alias" action />
    </div>
  );
}
