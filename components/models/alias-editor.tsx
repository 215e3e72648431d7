"use client";

import { useState } from "react";
import { aliasName } from "@/lib/schemas/model";
import type { CanaryView } from "@/lib/schemas/alias-release";
import type { AliasMoveView, VersionView } from "@/lib/schemas/model-views";
import { AliasChangeError } from "@/components/models/alias-changed-notice";
import { previousTarget } from "@/lib/alias-rollback";
import { useRemoveAliasMutation, useRollbackAliasMutation } from "@/components/models/alias-release-mutations";
import { MoveAliasDialog } from "@/components/models/move-alias-dialog";
import { StartCanaryDialog } from "@/components/models/start-canary-dialog";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** What is wrong with a typed alias name (the server's own rule, so the form and the API agree), or undefined. */
function aliasNameProblem(name: string): string | undefined {
  if (name === "") return undefined;
  const parsed = aliasName.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

type AliasEditorProps = {
  endpoint: string;
  model: string;
  versions: VersionView[];
  aliases: Record<string, number>;
  canaries: Record<string, CanaryView>;
  history: AliasMoveView[];
  /** models:write: the actions and the new-alias form; without it, the rows alone. */
  canWrite: boolean;
};

/**
 * A model's aliases, one row each (its version, and its canary while one runs), with what can be
 * done to it: move (a dialog that checks both sides first), roll back in one click, start a canary,
 * remove. Invokes by alias resolve it at invoke time, so each of these changes what callers get.
 */
export function AliasEditor({ endpoint, model, versions, aliases, canaries, history, canWrite }: AliasEditorProps) {
  const [moving, setMoving] = useState<{ alias: string; version?: number } | null>(null);
  const [canaryFor, setCanaryFor] = useState<string | null>(null);
  const rollback = useRollbackAliasMutation(endpoint, model);
  const remove = useRemoveAliasMutation(endpoint, model);
  const toast = useToast();
  const entries = Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b));
  const lastAlias = rollback.variables?.alias ?? remove.variables ?? "";
  return (
    <div className="flex flex-col gap-4">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No aliases yet{canWrite ? ": point one at a verified version below." : "."}</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100 text-sm" data-testid="alias-rows">
          {entries.map(([alias, version]) => (
            <AliasRow
              key={alias}
              alias={alias}
              version={version}
              canary={canaries[alias]}
              rollbackTo={previousTarget(history, alias, version)}
              versions={versions}
              canWrite={canWrite}
              busy={rollback.isPending || remove.isPending}
              onMove={() => setMoving({ alias })}
              onCanary={() => setCanaryFor(alias)}
              onRollback={() =>
                rollback.mutate(
                  { alias, expected: version },
                  { onSuccess: (res) => toast({ title: `${alias} rolled back to v${res.version ?? "?"}`, description: `${model}: v${version} → v${res.version ?? "?"}`, tone: "success" }) },
                )
              }
              onRemove={() => remove.mutate(alias, { onSuccess: () => toast({ title: `Alias ${alias} removed`, description: `${model}: it pointed at v${version}`, tone: "success" }) })}
            />
          ))}
        </ul>
      )}
      <AliasChangeError error={rollback.error ?? remove.error} alias={lastAlias} title={rollback.error ? `Could not roll back ${lastAlias}` : `Could not remove ${lastAlias}`} />
      {canWrite && <NewAliasForm versions={versions} aliases={aliases} onSubmit={(alias, version) => setMoving({ alias, version })} />}
      <MoveAliasDialog
        endpoint={endpoint}
        model={model}
        alias={moving?.alias ?? null}
        current={moving ? aliases[moving.alias] : undefined}
        initialVersion={moving?.version}
        versions={versions}
        onClose={() => setMoving(null)}
      />
      <StartCanaryDialog endpoint={endpoint} model={model} alias={canaryFor} current={canaryFor ? aliases[canaryFor] : undefined} versions={versions} onClose={() => setCanaryFor(null)} />
    </div>
  );
}

type AliasRowProps = {
  alias: string;
  version: number;
  canary?: CanaryView;
  rollbackTo?: number;
  versions: VersionView[];
  canWrite: boolean;
  busy: boolean;
  onMove: () => void;
  onCanary: () => void;
  onRollback: () => void;
  onRemove: () => void;
};

const ACTION = "text-xs font-medium text-slate-700 underline underline-offset-2 disabled:text-slate-400 disabled:no-underline";

function AliasRow({ alias, version, canary, rollbackTo, versions, canWrite, busy, onMove, onCanary, onRollback, onRemove }: AliasRowProps) {
  // Rollback goes to a version that served before; one deleted since cannot serve again.
  const rollbackReady = rollbackTo !== undefined && versions.some((v) => v.version === rollbackTo && v.state === "ready");
  return (
    <li className="flex flex-col gap-1 py-2" data-testid={`alias-row-${alias}`}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className="font-medium break-all">{alias}</span>
        <span aria-hidden className="text-slate-400">
          →
        </span>
        <span className="font-medium" data-testid="alias-row-version">
          v{version}
        </span>
        {canary && (
          <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-600/20 ring-inset" data-testid="alias-row-canary">
            canary v{canary.version} {canary.weight} %
          </span>
        )}
      </div>
      {canWrite && (
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          <button type="button" className={ACTION} onClick={onMove} disabled={canary !== undefined || busy} aria-label={`Move ${alias}…`} data-testid={`alias-move-${alias}`}>
            Move…
          </button>
          {rollbackTo !== undefined && (
            <button
              type="button"
              className={ACTION}
              onClick={onRollback}
              disabled={canary !== undefined || busy || !rollbackReady}
              title={rollbackReady ? `Point ${alias} back at v${rollbackTo}, its target before v${version}` : `v${rollbackTo} is no longer a ready version`}
              aria-label={`Roll ${alias} back to v${rollbackTo}`}
              data-testid={`alias-rollback-${alias}`}
            >
              Roll back to v{rollbackTo}
            </button>
          )}
          <button type="button" className={ACTION} onClick={onCanary} disabled={canary !== undefined || busy} aria-label={`Start a canary on ${alias}…`} data-testid={`alias-canary-${alias}`}>
            Canary…
          </button>
          <button type="button" className={`${ACTION} text-red-700`} onClick={onRemove} disabled={busy} aria-label={`Remove ${alias}`} data-testid={`alias-remove-${alias}`}>
            remove
          </button>
        </div>
      )}
      {canWrite && canary && <p className="text-xs text-slate-500">A canary is running: promote or abort it (below) before moving {alias}.</p>}
    </li>
  );
}

/** A new alias (or an existing one by name): opens the move dialog, which checks the version before anything changes. */
function NewAliasForm({ versions, aliases, onSubmit }: { versions: VersionView[]; aliases: Record<string, number>; onSubmit: (alias: string, version: number) => void }) {
  const ready = versions.filter((v) => v.state === "ready");
  const [alias, setAlias] = useState("production");
  const [version, setVersion] = useState(String(ready[0]?.version ?? ""));
  const name = alias.trim();
  const problem = aliasNameProblem(name);
  return (
    <div className="flex flex-col gap-1 border-t border-slate-100 pt-3">
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label="New alias"
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem && name && version) onSubmit(name, Number(version));
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Alias</span>
          <input
            className={`${inputClass} w-40`}
            value={alias}
            onChange={(e) => setAlias(e.target.value)}
            list="alias-suggestions"
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? "alias-name-error" : undefined}
            data-testid="alias-name"
          />
          <datalist id="alias-suggestions">
            {[...new Set(["production", "staging", "canary", ...Object.keys(aliases)])].map((a) => (
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
        <Button type="submit" variant="secondary" disabled={!name || problem !== undefined || !version} data-testid="alias-save">
          {aliases[name] !== undefined ? "Move alias…" : "Set alias…"}
        </Button>
      </form>
      {problem && (
        <p id="alias-name-error" className="text-xs text-red-700" data-testid="alias-name-error">
          {problem}
        </p>
      )}
    </div>
  );
}
