import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InsufficientCapacityError, ModelNotReadyError } from "./cache-errors";
import type { EvictionPolicy } from "./eviction/eviction-policy";
import { GdsfPolicy } from "./eviction/gdsf-policy";
import { LruPolicy } from "./eviction/lru-policy";
import { InstanceCache } from "./instance-cache";
import type { ModelSource, ResidentModel } from "./model-source";

type FakeModel = ResidentModel & { key: string; unloaded: boolean };

/** A source whose models hold `sizes[key]` bytes, counting downloads and loads, optionally gated. */
function fakeSource(sizes: Record<string, number>, opts: { gate?: Promise<void>; failLoad?: (key: string) => boolean } = {}) {
  const stats = { downloads: new Map<string, number>(), loads: new Map<string, number>(), live: new Set<FakeModel>() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const source: ModelSource<FakeModel> = {
    async download(key, parentDir) {
      bump(stats.downloads, key);
      const folder = await mkdtemp(join(parentDir, "package-"));
      await writeFile(join(folder, "model.bin"), "x".repeat(10));
      return { folder, bytes: 10 };
    },
    async prepare(key) {
      const size = sizes[key];
      if (size === undefined) throw new Error(`no such model ${key}`);
      return {
        estimatedBytes: size,
        load: async () => {
          await opts.gate;
          if (opts.failLoad?.(key)) throw new Error(`${key} does not load`);
          bump(stats.loads, key);
          const model: FakeModel = {
            key,
            memoryBytes: size,
            memorySource: "estimated",
            unloaded: false,
            unload: async () => {
              model.unloaded = true;
              stats.live.delete(model);
            },
          };
          stats.live.add(model);
          return model;
        },
      };
    },
  };
  return { source, stats };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mme-cache-test-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cache = (budget: number, policy: EvictionPolicy = new GdsfPolicy(), diskBudget = 1_000_000) =>
  new InstanceCache<FakeModel>({ instanceId: "i-test", index: 0, memoryBudgetBytes: budget, diskRoot: dir, diskBudgetBytes: diskBudget, policy });

describe("InstanceCache", () => {
  it("loads a model once however many requests ask for it at the same time", async () => {
    let open!: () => void;
    const { source, stats } = fakeSource({ a: 100 }, { gate: new Promise<void>((r) => (open = r)) });
    const c = cache(1000);
    const leases = Array.from({ length: 200 }, () => c.acquire("a", source, 60_000));
    open();
    const all = await Promise.all(leases);
    expect(stats.loads.get("a")).toBe(1);
    expect(stats.downloads.get("a")).toBe(1);
    expect(all.every((l) => !l.hit)).toBe(true);
    for (const l of all) l.release();
    const again = await c.acquire("a", source, 60_000);
    expect(again.hit).toBe(true);
    again.release();
    expect(c.snapshot().counters).toMatchObject({ loads: 1, hits: 1, misses: 200 });
  });

  it("never accounts more than the budget and never evicts a model serving a request", async () => {
    const sizes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, 100 + i * 10]));
    const { source, stats } = fakeSource(sizes);
    const c = cache(400);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const inUse = new Set<FakeModel>();
    // Eight clients at once, each holding its model across a tick, over a skewed trace.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 150; i++) {
          const key = `m${Math.floor(rand() ** 2 * 10)}`;
          const lease = await c.acquire(key, source, 60_000);
          expect(lease.model.unloaded).toBe(false);
          inUse.add(lease.model);
          const snap = c.snapshot();
          expect(snap.memory.usedBytes).toBeLessThanOrEqual(400);
          expect(snap.models.reduce((n, m) => n + m.bytes, 0)).toBeLessThanOrEqual(400);
          await new Promise((r) => setImmediate(r));
          expect(lease.model.unloaded).toBe(false);
          inUse.delete(lease.model);
          lease.release();
        }
      }),
    );
    const snap = c.snapshot();
    expect(snap.counters.evictions).toBeGreaterThan(0);
    expect([...stats.live].reduce((n, m) => n + m.memoryBytes, 0)).toBeLessThanOrEqual(400);
    // Evicted models stay on disk: each package was downloaded once.
    expect([...stats.downloads.values()].every((n) => n === 1)).toBe(true);
  });

  it("refuses a model bigger than the whole budget", async () => {
    const { source } = fakeSource({ huge: 5000 });
    const c = cache(1000);
    const err = await c.acquire("huge", source, 60_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsufficientCapacityError);
    expect((err as Error).message).toMatch(/needs 5000 bytes of memory, more than instance i-test has in all \(1000 bytes\)/);
    expect(c.snapshot().models).toEqual([]);
  });

  it("answers ModelNotReady without waiting when the wait is 0, and serves once loaded", async () => {
    const { source, stats } = fakeSource({ a: 10 });
    const c = cache(100);
    await expect(c.acquire("a", source, 0)).rejects.toBeInstanceOf(ModelNotReadyError);
    for (;;) {
      const lease = await c.acquire("a", source, 0).catch(() => undefined);
      if (lease) {
        expect(lease.hit).toBe(true);
        lease.release();
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(stats.loads.get("a")).toBe(1);
  });

  it("waits for a busy model to finish instead of evicting it", async () => {
    const { source } = fakeSource({ a: 60, b: 60 });
    const c = cache(100, new LruPolicy());
    const a = await c.acquire("a", source, 60_000);
    let bDone = false;
    const b = c.acquire("b", source, 60_000).then((l) => ((bDone = true), l));
    await new Promise((r) => setTimeout(r, 20));
    expect(bDone).toBe(false);
    expect(a.model.unloaded).toBe(false);
    a.release();
    const lease = await b;
    expect(a.model.unloaded).toBe(true);
    lease.release();
  });

  it("forgets a model that failed to load, so a later request tries again", async () => {
    let fail = true;
    const { source, stats } = fakeSource({ a: 10 }, { failLoad: () => fail });
    const c = cache(100);
    await expect(c.acquire("a", source, 60_000)).rejects.toThrow("a does not load");
    expect(c.snapshot().memory.usedBytes).toBe(0);
    fail = false;
    (await c.acquire("a", source, 60_000)).release();
    expect(stats.downloads.get("a")).toBe(2);
  });

  it("deletes the least recently used idle package when the disk is full", async () => {
    const { source, stats } = fakeSource({ a: 10, b: 10, c: 10 });
    const c = cache(20, new LruPolicy(), 25);
    for (const key of ["a", "b", "c", "a"]) (await c.acquire(key, source, 60_000)).release();
    // Memory holds two; disk holds two packages of 10: `a` was evicted and then deleted from disk.
    expect(stats.downloads.get("a")).toBe(2);
    expect(c.snapshot().counters.diskDeletes).toBeGreaterThan(0);
    expect(c.snapshot().disk.usedBytes).toBeLessThanOrEqual(25);
  });

  it("unloads everything on close, busy models when their request ends", async () => {
    const { source, stats } = fakeSource({ a: 10, b: 10 });
    const c = cache(100);
    (await c.acquire("a", source, 60_000)).release();
    const busy = await c.acquire("b", source, 60_000);
    await c.close();
    expect(stats.live.size).toBe(1);
    busy.release();
    await new Promise((r) => setImmediate(r));
    expect(stats.live.size).toBe(0);
  });
});
