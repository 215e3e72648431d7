import { describe, expect, it } from "vitest";
import { entriesFor, HISTORY_KEY, MAX_ENDPOINTS, MAX_ENTRIES, MAX_REQUEST_CHARS, parseHistory, withEntry, writeHistory, type HistoryEntry } from "./history-storage";

const entry = (model: string, data: unknown[] = [1]): HistoryEntry => ({
  at: "2025-01-01T00:00:00.000Z",
  model,
  refs: ["v:1"],
  request: { inputs: [{ name: "x", shape: [data.length], datatype: "FP32", data }] },
  results: [{ version: 1, roundTripMs: 2.5, coldLoad: true }],
});

describe("playground history storage", () => {
  it("keeps a list per endpoint, newest first, bounded in entries and endpoints", () => {
    let h = parseHistory(null);
    for (let i = 0; i < MAX_ENTRIES + 5; i++) h = withEntry(h, "a", entry(`m${i}`));
    h = withEntry(h, "b", entry("other"));
    expect(entriesFor(h, "a")).toHaveLength(MAX_ENTRIES);
    expect(entriesFor(h, "a")[0]!.model).toBe(`m${MAX_ENTRIES + 4}`);
    expect(entriesFor(h, "b").map((e) => e.model)).toEqual(["other"]);
    for (let i = 0; i < MAX_ENDPOINTS; i++) h = withEntry(h, `e${i}`, entry("m"));
    expect(h).toHaveLength(MAX_ENDPOINTS);
    expect(entriesFor(h, "a")).toEqual([]); // the endpoint written longest ago went first
  });

  it("keeps a large request's result but not the request", () => {
    const big = entry("m", Array.from({ length: MAX_REQUEST_CHARS }, () => 1));
    const [kept] = entriesFor(withEntry([], "a", big), "a");
    expect(kept!.request).toBeUndefined();
    expect(kept!.results).toEqual(big.results);
  });

  it("reads nothing from storage it did not write, and drops old endpoints when storage is full", () => {
    expect(parseHistory("not json")).toEqual([]);
    expect(parseHistory(JSON.stringify([{ endpoint: "a", entries: [{ at: 1 }] }]))).toEqual([]);
    const h = withEntry(withEntry([], "old", entry("m")), "new", entry("m"));
    const written: string[] = [];
    const storage = {
      getItem: () => null,
      setItem: (key: string, value: string) => {
        if (value.includes('"old"')) throw new DOMException("full", "QuotaExceededError");
        written.push(`${key}=${value}`);
      },
    };
    writeHistory(storage, h);
    expect(written).toHaveLength(1);
    expect(parseHistory(written[0]!.slice(HISTORY_KEY.length + 1)).map((e) => e.endpoint)).toEqual(["new"]);
  });
});
