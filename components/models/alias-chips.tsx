"use client";

import { useState } from "react";
import type { CanaryView } from "@/lib/schemas/alias-release";

const CHIP = "rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset";
const PLAIN = "bg-indigo-50 text-indigo-800 ring-indigo-600/20";
/** A canary running on the alias: amber, as a release in progress. */
const CANARY = "bg-amber-50 text-amber-900 ring-amber-600/30";

/**
 * A model's aliases as chips, those with a canary first, then A to Z. With `max`, the rest fold into a "+N" button whose title
 * lists them (on hover) and which shows them all when pressed, so a model with many aliases does
 * not make its table row tall. An alias with a canary running says so: "production → v3 · v4 10 %".
 */
export function AliasChips({ aliases, canaries = {}, max }: { aliases: Record<string, number>; canaries?: Record<string, CanaryView>; max?: number }) {
  const [expanded, setExpanded] = useState(false);
  // A release in progress comes first, so that a folded row still shows it.
  const entries = Object.entries(aliases).sort(([a], [b]) => Number(b in canaries) - Number(a in canaries) || a.localeCompare(b));
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  const canFold = max !== undefined && entries.length > max;
  const folded = canFold && !expanded ? entries.slice(max) : [];
  const shown = folded.length > 0 ? entries.slice(0, max) : entries;
  const label = (a: string, v: number) => `${a} → v${v}${canaries[a] ? ` · v${canaries[a].version} ${canaries[a].weight} %` : ""}`;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {shown.map(([a, v]) => (
        <span key={a} className={`${CHIP} ${canaries[a] ? CANARY : PLAIN}`} data-testid={`alias-${a}`} title={canaries[a] ? `${a} sends ${canaries[a].weight} % of its requests to the canary v${canaries[a].version}` : undefined}>
          {label(a, v)}
        </span>
      ))}
      {canFold && (
        <button
          type="button"
          className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 hover:underline"
          title={folded.length > 0 ? folded.map(([a, v]) => label(a, v)).join(", ") : undefined}
          aria-expanded={expanded}
          aria-label={folded.length > 0 ? `Show ${folded.length} more aliases` : "Show fewer aliases"}
          onClick={() => setExpanded(!expanded)}
          data-testid="aliases-more"
        >
          {folded.length > 0 ? `+${folded.length}` : "less"}
        </button>
      )}
    </span>
  );
}
