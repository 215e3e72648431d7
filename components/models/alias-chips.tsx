"use client";

import { useState } from "react";

const CHIP = "rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-indigo-800 ring-1 ring-inset ring-indigo-600/20";

/**
 * A model's aliases as chips, A to Z. With `max`, the rest fold into a "+N" button whose title
 * lists them (on hover) and which shows them all when pressed, so a model with many aliases does
 * not make its table row tall.
 */
export function AliasChips({ aliases, max }: { aliases: Record<string, number>; max?: number }) {
  const [expanded, setExpanded] = useState(false);
  const entries = Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  const canFold = max !== undefined && entries.length > max;
  const folded = canFold && !expanded ? entries.slice(max) : [];
  const shown = folded.length > 0 ? entries.slice(0, max) : entries;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {shown.map(([a, v]) => (
        <span key={a} className={CHIP} data-testid={`alias-${a}`}>
          {a} → v{v}
        </span>
      ))}
      {canFold && (
        <button
          type="button"
          className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 hover:underline"
          title={folded.length > 0 ? folded.map(([a, v]) => `${a} → v${v}`).join(", ") : undefined}
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
