"use client";

import { useState } from "react";
import { aliasName } from "@/lib/schemas/model";
import type { VersionView } from "@/lib/schemas/model-views";
import { useDeleteAliasMutation, useSetAliasMutation } from "@/components/models/model-mutations";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** What is wrong with a typed alias name (the server's own rule, so the form and the API agree), or undefined. */
function aliasNameProblem(name: string): string | undefined {
  if (name === "") return undefined;
  const parsed = aliasName.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** Sets or moves an alias to a ready version; invokes by alias resolve it at invoke time. */
export function AliasEditor({ endpoint, model, versions, aliases }: { endpoint: string; model: string; versions: VersionView[]; aliases: Record<string, number> }) {
  const ready = versions.filter((v) => v.state === "ready");
  const setAlias = useSetAliasMutation(endpoint, model);
  const delAlias = useDeleteAliasMutation(endpoint, model);
  const toast = useToast();
  const [alias, setAliasName] = useState("production");
  const [version, setVersion] = useState(String(ready[0]?.version ?? ""));
  const name = alias.trim();
  const problem = aliasNameProblem(name);
  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (problem) return;
          const from = aliases[name];
          const to = Number(version);
          setAlias.mutate(
            { alias: name, version: to },
            { onSuccess: () => toast({ title: from === undefined ? `Alias ${name} set to v${to}` : `Alias ${name} moved to v${to}`, description: from === undefined || from === to ? model : `${model}: v${from} → v${to}`, tone: "success" }) },
          );
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Alias</span>
          <input
            className={`${inputClass} w-40`}
            value={alias}
            onChange={(e) => setAliasName(e.target.value)}
            list="alias-suggestions"
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? "alias-name-error" : undefined}
            data-testid="alias-name"
          />
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
        <Button type="submit" variant="secondary" disabled={!name || problem !== undefined || !version || setAlias.isPending} data-testid="alias-save">
          {aliases[name] !== undefined ? "Move alias" : "Set alias"}
        </Button>
      </form>
      {problem && (
        <p id="alias-name-error" className="text-xs text-red-700" data-testid="alias-name-error">
          {problem}
        </p>
      )}
      {Object.keys(aliases).length > 0 && (
        <ul className="flex flex-col gap-1 text-sm">
          {Object.entries(aliases).map(([a, v]) => (
            <li key={a} className="flex items-center gap-2">
              <span className="font-medium">{a}</span> → v{v}
              <button type="button" className="text-xs text-slate-500 underline" onClick={() => delAlias.mutate(a, { onSuccess: () => toast({ title: `Alias ${a} removed`, description: `${model}: it pointed at v${v}`, tone: "success" }) })}>
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
