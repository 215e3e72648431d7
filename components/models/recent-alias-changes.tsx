"use client";

import Link from "next/link";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { AliasMoveView } from "@/lib/schemas/model-views";
import { aliasMoveKind, describeAliasMove } from "@/components/models/alias-moves";
import { useModelsQuery } from "@/components/models/models-query";
import { Card } from "@/components/ui/card";

/** Enough to see what a release just did; each model's page has its full history. */
const SHOWN = 20;

/**
 * The alias changes of the last 24 hours across the endpoint's models, newest first: what to look
 * at first when invocations start failing. It reads the models table's own first query (same key,
 * no second request), so it covers the models loaded there.
 */
export function RecentAliasChanges({ endpoint }: { endpoint: string }) {
  const q = useModelsQuery(endpoint, "");
  const changes = (q.data?.pages.flatMap((p) => p.models.flatMap((m) => (m.recentAliasMoves ?? []).map((h) => ({ model: m.name, ...h })))) ?? []).sort((a, b) =>
    b.at.localeCompare(a.at),
  );
  if (changes.length === 0) return null;
  return (
    <Card title="Alias changes in the last 24 h">
      <ol className="flex flex-col divide-y divide-slate-100 text-sm" data-testid="recent-alias-changes">
        {changes.slice(0, SHOWN).map((c, i) => (
          <Change key={i} endpoint={endpoint} change={c} />
        ))}
      </ol>
      {changes.length > SHOWN && <p className="mt-2 text-xs text-slate-500">{changes.length - SHOWN} older changes: see each model&apos;s page.</p>}
    </Card>
  );
}

function Change({ endpoint, change }: { endpoint: string; change: AliasMoveView & { model: string } }) {
  return (
    // Columns line up on wide screens; on a phone each change wraps as a sentence.
    <li
      className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-1.5 sm:grid sm:grid-cols-[minmax(0,12rem)_minmax(0,8rem)_minmax(0,1fr)_6rem_minmax(0,18rem)]"
      data-testid="recent-alias-change"
    >
      <Link className="truncate font-medium hover:underline" title={change.model} href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(change.model)}`}>
        {change.model}
      </Link>
      <span className="truncate font-medium text-indigo-800" title={change.alias}>
        {change.alias}
      </span>
      <span className="min-w-0 break-words">{describeAliasMove(change)}</span>
      <span className="w-fit rounded bg-slate-100 px-1.5 py-0.5 text-xs whitespace-nowrap text-slate-700" data-testid="recent-alias-change-kind">
        {aliasMoveKind(change)}
      </span>
      <span className="truncate text-xs text-slate-500" title={`${change.by}, ${formatDateTime(change.at)}`}>
        {change.by}, {formatRelative(change.at)}
      </span>
    </li>
  );
}
