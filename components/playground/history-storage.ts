import { z } from "zod";
import { v2Request } from "@/lib/schemas/invoke";

/**
 * The playground's history as the browser keeps it: in sessionStorage (it survives a reload and
 * goes with the tab, as inputs may be data nobody wants left on a shared machine), one list per
 * endpoint, bounded three ways so that it never fills the storage: entries per endpoint,
 * endpoints, and the size of a request kept for "reuse" (a larger one is kept without it).
 */
export const HISTORY_KEY = "mme.playground.history";
export const MAX_ENTRIES = 20;
export const MAX_ENDPOINTS = 20;
export const MAX_REQUEST_CHARS = 32 * 1024;

const storedEntry = z.object({
  at: z.string(),
  model: z.string(),
  refs: z.array(z.string()),
  /** Absent when it was too large to keep. */
  request: v2Request.optional(),
  results: z.array(z.object({ version: z.number(), alias: z.string().optional(), roundTripMs: z.number(), coldLoad: z.boolean().optional() })),
});
export type HistoryEntry = z.infer<typeof storedEntry>;

// Endpoints in the order they were last written, most recent last, so the oldest is dropped first.
const storedHistory = z.array(z.object({ endpoint: z.string(), entries: z.array(storedEntry) }));
type StoredHistory = z.infer<typeof storedHistory>;

type KeyValueStorage = Pick<Storage, "getItem" | "setItem">;

/** Whatever is stored, or nothing when it is missing or not what this version wrote. */
export function parseHistory(text: string | null): StoredHistory {
  if (!text) return [];
  try {
    const parsed = storedHistory.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function entriesFor(history: StoredHistory, endpoint: string): HistoryEntry[] {
  return history.find((h) => h.endpoint === endpoint)?.entries ?? [];
}

/** The history with `entry` first in its endpoint's list, within every bound. */
export function withEntry(history: StoredHistory, endpoint: string, entry: HistoryEntry): StoredHistory {
  const kept = entry.request && JSON.stringify(entry.request).length > MAX_REQUEST_CHARS ? { ...entry, request: undefined } : entry;
  const entries = [kept, ...entriesFor(history, endpoint)].slice(0, MAX_ENTRIES);
  return [...history.filter((h) => h.endpoint !== endpoint), { endpoint, entries }].slice(-MAX_ENDPOINTS);
}

/** Writes the history; when the storage is full, drops the oldest endpoints until it fits (or gives up: history is a convenience). */
export function writeHistory(storage: KeyValueStorage, history: StoredHistory): void {
  for (let h = history; h.length > 0; h = h.slice(1)) {
    try {
      storage.setItem(HISTORY_KEY, JSON.stringify(h));
      return;
    } catch {
      // QuotaExceededError: try with fewer endpoints.
    }
  }
}
