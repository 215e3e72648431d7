"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { rangeFromParams, rangeToQuery, type RangeSpec } from "@/lib/metrics/time-range";

/**
 * The page's time range and auto-refresh, kept in the URL (`range` or `start`/`end`, and
 * `refresh=off`), so a link or a reload shows the same view. Refresh is on unless turned off.
 */
export function useTimeRange() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = params.toString();
  const range = useMemo(() => rangeFromParams(new URLSearchParams(key)), [key]);
  const refresh = params.get("refresh") !== "off";

  /** `push`: a new history entry (a zoom, so Back returns to the range before it); else the URL is replaced. */
  const update = useCallback(
    (change: (p: URLSearchParams) => void, push = false) => {
      const next = new URLSearchParams(key);
      change(next);
      router[push ? "push" : "replace"](`${pathname}?${next}`, { scroll: false });
    },
    [key, pathname, router],
  );
  const setRange = useCallback(
    (spec: RangeSpec, opts: { push?: boolean } = {}) =>
      update((p) => {
        ["range", "start", "end"].forEach((k) => p.delete(k));
        Object.entries(rangeToQuery(spec)).forEach(([k, v]) => p.set(k, v));
      }, opts.push),
    [update],
  );
  const setRefresh = useCallback((on: boolean) => update((p) => (on ? p.delete("refresh") : p.set("refresh", "off"))), [update]);
  return { range, refresh, setRange, setRefresh };
}
