"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type SortKey = "name" | "status" | "creationTime" | "lastModifiedTime";
const SORT_KEYS: readonly SortKey[] = ["name", "status", "creationTime", "lastModifiedTime"];

/** Names and statuses read best A→Z; times newest first. */
export const defaultDesc = (key: SortKey) => key !== "name" && key !== "status";

/**
 * The list's search, sort and page, kept in the URL (`q`, `sort`, `dir`, `page`) so a reload or a
 * shared link shows the same rows. Written with history.replaceState, which Next's router follows
 * without asking the server for the page again on every keystroke.
 */
export function useEndpointListState() {
  const params = useSearchParams();
  const rawSort = params.get("sort");
  const sortKey: SortKey = SORT_KEYS.includes(rawSort as SortKey) ? (rawSort as SortKey) : "creationTime";
  const dir = params.get("dir");
  const state = {
    search: params.get("q") ?? "",
    sort: { key: sortKey, desc: dir === "asc" ? false : dir === "desc" ? true : defaultDesc(sortKey) },
    page: Math.max(1, Math.floor(Number(params.get("page"))) || 1),
  };

  const update = useCallback((change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    const query = next.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}`);
  }, []);

  return {
    ...state,
    // A new search starts at the first page.
    setSearch: (q: string) => update({ q, page: undefined }),
    setSort: (key: SortKey, desc: boolean) => update({ sort: key, dir: desc ? "desc" : "asc", page: undefined }),
    setPage: (page: number) => update({ page: page > 1 ? String(page) : undefined }),
  };
}
