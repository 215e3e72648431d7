import { afterEach, describe, expect, it, vi } from "vitest";
import { LruCache } from "@/server/bff/shared/lru-cache";

afterEach(() => vi.useRealTimers());

describe("LruCache", () => {
  it("forgets the least recently used entry past its bound", () => {
    const cache = new LruCache<string, number>({ max: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recently used
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
  });

  it("reads an entry as absent once it is ttlMs old, and a set starts its time again", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_000_000 });
    const cache = new LruCache<string, string>({ max: 10, ttlMs: 15_000 });
    cache.set("ep", "config-1");
    vi.setSystemTime(1_000_000 + 14_999);
    expect(cache.get("ep")).toBe("config-1");
    cache.set("ep", "config-2");
    vi.setSystemTime(1_000_000 + 14_999 + 14_999);
    expect(cache.get("ep")).toBe("config-2");
    vi.setSystemTime(1_000_000 + 14_999 + 15_000);
    expect(cache.get("ep")).toBeUndefined();
  });
});
