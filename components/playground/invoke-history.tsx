"use client";

import { useState } from "react";
import type { InvokeResultView, V2Request } from "@/lib/schemas/invoke";
import type { ModelRef } from "@/components/playground/invoke-mutation";
import { Card } from "@/components/ui/card";

/** One successful send: the refs it ran on, the request, and what each ref answered. */
export type Invocation = { refs: ModelRef[]; request: V2Request; results: InvokeResultView[] };
type HistoryEntry = Invocation & { at: string };
const HISTORY = 10;

/** The last invocations, newest first; kept for this visit to the page only. */
export function useInvokeHistory() {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const record = (invocation: Invocation) => setEntries((h) => [{ at: new Date().toISOString(), ...invocation }, ...h].slice(0, HISTORY));
  return { entries, record };
}

/** The History card (absent until something has run); "reuse request" hands a past request back to the form. */
export function InvokeHistory({ entries, onReuse }: { entries: HistoryEntry[]; onReuse: (request: V2Request) => void }) {
  if (entries.length === 0) return null;
  return (
    <Card title="History">
      <ol className="flex flex-col gap-1 text-sm" data-testid="pg-history">
        {entries.map((h, i) => (
          <li key={i} className="flex flex-wrap items-center gap-2">
            <span className="text-xs text-slate-500">{new Date(h.at).toLocaleTimeString()}</span>
            <span>{h.results.map((r) => `v${r.version} ${r.roundTripMs.toFixed(1)} ms${r.coldLoad ? " (cold)" : ""}`).join(" · ")}</span>
            <button type="button" className="text-xs underline" onClick={() => onReuse(h.request)}>
              reuse request
            </button>
          </li>
        ))}
      </ol>
    </Card>
  );
}
