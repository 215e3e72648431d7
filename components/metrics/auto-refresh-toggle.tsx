"use client";

import { useRefreshMs } from "@/components/metrics/metrics-query";
import { useTimeRange } from "@/components/metrics/use-time-range";

/** The auto-refresh switch (on unless the URL says `refresh=off`), with a quiet "Refreshing…" while a fetch runs. */
export function AutoRefreshToggle({ fetching }: { fetching?: boolean }) {
  const { refresh, setRefresh } = useTimeRange();
  const refreshMs = useRefreshMs();
  return (
    <span className="flex items-center gap-3">
      <label className="flex items-center gap-1.5 text-sm text-slate-700">
        <input type="checkbox" checked={refresh} onChange={(e) => setRefresh(e.target.checked)} data-testid="auto-refresh" />
        Auto-refresh ({refreshMs / 1000} s)
      </label>
      {/* Always readable (it was transparent text, which failed contrast checks); a fixed width so the toggle does not shift. */}
      <span className="w-20 text-xs text-slate-600" aria-live="polite" data-testid="refresh-state">
        {fetching ? "Refreshing…" : refresh ? "Up to date" : "Paused"}
      </span>
    </span>
  );
}
