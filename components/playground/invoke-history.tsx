"use client";

import { useMemo, useSyncExternalStore } from "react";
import { formatDateTime } from "@/lib/format";
import type { InvokeResultView, V2Request } from "@/lib/schemas/invoke";
import { entriesFor, HISTORY_KEY, parseHistory, withEntry, writeHistory, type HistoryEntry } from "@/components/playground/history-storage";
import type { ModelRef } from "@/components/playground/invoke-mutation";
import { Card } from "@/components/ui/card";

/** One successful send: where it went, the refs it ran on, the request, and what each ref answered. */
export type Invocation = { endpoint: string; model: string; refs: ModelRef[]; request: V2Request; results: InvokeResultView[] };

// This tab's writes notify its own subscribers; the storage event covers nothing else for sessionStorage, but costs nothing.
const listeners = new Set<() => void>();

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  window.addEventListener("storage", onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onChange);
  };
}

function storedText(): string | null {
  try {
    return window.sessionStorage.getItem(HISTORY_KEY);
  } catch {
    return null; // storage disabled: a history for this page view only is not worth the complexity
  }
}

/** The endpoint's last invocations, newest first; kept in this tab's sessionStorage, so a reload keeps them. */
export function useInvokeHistory(endpoint: string) {
  // The server has no storage: it renders no history, and the browser fills it in after hydration.
  const text = useSyncExternalStore(subscribe, storedText, () => null);
  const entries = useMemo(() => entriesFor(parseHistory(text), endpoint), [text, endpoint]);
  const record = ({ endpoint: ranOn, model, refs, request, results }: Invocation) => {
    const entry: HistoryEntry = {
      at: new Date().toISOString(),
      model,
      refs,
      request,
      results: results.map((r) => ({ version: r.version, alias: r.alias, roundTripMs: r.roundTripMs, coldLoad: r.coldLoad })),
    };
    try {
      writeHistory(window.sessionStorage, withEntry(parseHistory(storedText()), ranOn, entry));
    } catch {
      return;
    }
    listeners.forEach((l) => l());
  };
  return { entries, record };
}

/** The History card (absent until something has run); "reuse request" hands a past request, and its model and ref, back to the form. */
export function InvokeHistory({ entries, onReuse }: { entries: HistoryEntry[]; onReuse: (entry: HistoryEntry & { request: V2Request }) => void }) {
  if (entries.length === 0) return null;
  return (
    <Card title="History">
      <ol className="flex flex-col gap-1.5 text-sm" data-testid="pg-history">
        {entries.map((h, i) => (
          <li key={`${h.at}-${i}`} className="flex flex-wrap items-center gap-x-3 gap-y-0.5">
            <span className="font-mono text-xs text-slate-500" data-testid="pg-history-at">
              {formatDateTime(h.at)}
            </span>
            <span className="font-medium">{h.model}</span>
            <span>{h.results.map((r) => `v${r.version}${r.alias ? ` (${r.alias})` : ""} ${r.roundTripMs.toFixed(1)} ms${r.coldLoad ? " (cold)" : ""}`).join(" · ")}</span>
            <button
              type="button"
              className="text-xs underline disabled:text-slate-400 disabled:no-underline"
              disabled={!h.request}
              title={h.request ? undefined : "This request was too large to keep in the history"}
              onClick={() => h.request && onReuse({ ...h, request: h.request })}
            >
              reuse request
            </button>
          </li>
        ))}
      </ol>
    </Card>
  );
}
