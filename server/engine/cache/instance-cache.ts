import { AsyncLock } from "./async-lock";
import { InstanceGoneError, InsufficientCapacityError, ModelNotReadyError } from "./cache-errors";
import type { CacheEvent, InstanceSnapshot } from "@/lib/residency-snapshot";
import type { EvictionPolicy } from "./eviction/eviction-policy";
import { InstanceDisk } from "./instance-disk";
import type { Lease, ModelSource, ResidentModel } from "./model-source";
import { RecentEvents } from "./recent-events";

type Entry<M> = {
  key: string;
  state: "loading" | "loaded";
  /** Requests holding it: waiting for its load, or running on it. Never evicted while > 0. */
  pins: number;
  /** Accounted memory: the reservation while loading, the model's own bytes once loaded. */
  bytes: number;
  /** Requests that asked for it while it loaded (the policy counts them as uses). */
  accesses: number;
  ready: Promise<M>;
  model?: M;
  loadedAt?: number;
  lastUsed: number;
  hits: number;
};

export type InstanceCacheOptions = {
  instanceId: string;
  index: number;
  memoryBudgetBytes: number;
  diskRoot: string;
  diskBudgetBytes: number;
  policy: EvictionPolicy;
  now?: () => number;
  log?: (message: string, err: unknown) => void;
  /** Every event as it happens (metrics); also kept in the snapshot's `recent`. */
  onEvent?: (event: CacheEvent) => void;
};

/**
 * The models one instance holds, under its memory budget. A model is loaded at most once at a
 * time however many requests ask (they all wait on the same load), memory is reserved before a
 * load allocates it, and the accounted total never exceeds the budget: a load that does not fit
 * evicts idle models (the policy's choice, never one serving a request) or waits for one to
 * become idle. Evicted models stay on the instance's disk until the disk needs the room.
 */
export class InstanceCache<M extends ResidentModel> {
  readonly instanceId: string;
  readonly index: number;
  readonly memoryBudgetBytes: number;
  readonly disk: InstanceDisk;
  private readonly entries = new Map<string, Entry<M>>();
  private readonly policy: EvictionPolicy;
  private readonly now: () => number;
  private readonly log: (message: string, err: unknown) => void;
  private readonly onEvent?: (event: CacheEvent) => void;
  private readonly roomLock = new AsyncLock();
  private roomWaiters: (() => void)[] = [];
  private usedBytes = 0;
  private closed = false;
  private readonly events = new RecentEvents();
  private readonly counters = { hits: 0, misses: 0, loads: 0, loadFailures: 0, evictions: 0, diskDeletes: 0 };

  constructor(opts: InstanceCacheOptions) {
    this.instanceId = opts.instanceId;
    this.index = opts.index;
    this.memoryBudgetBytes = opts.memoryBudgetBytes;
    this.policy = opts.policy;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((message, err) => console.error(`mme-engine: ${message}`, err));
    this.onEvent = opts.onEvent;
    this.disk = new InstanceDisk(opts.diskRoot, opts.diskBudgetBytes, this.now, (key, bytes) => {
      this.counters.diskDeletes++;
      this.record({ at: this.now(), kind: "disk-delete", targetModel: key, bytes });
    });
  }

  /** Whether the model is loaded or loading here (routing sends its requests here). */
  holds(key: string): boolean {
    return this.entries.has(key);
  }

  get inFlight(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.pins;
    return n;
  }

  get freeBytes(): number {
    return this.memoryBudgetBytes - this.usedBytes;
  }

  /**
   * Holds `key` for one request, loading it first if needed. The entry is created before the
   * first await, so concurrent callers join the same load. Waits at most `waitMs` for a load
   * (0: not at all) and then throws ModelNotReadyError while the load carries on.
   */
  async acquire(key: string, source: ModelSource<M>, waitMs: number): Promise<Lease<M>> {
    if (this.closed) throw new InstanceGoneError();
    const held = this.holdIfLoaded(key);
    if (held) return held;
    this.counters.misses++;
    let entry = this.entries.get(key);
    if (entry) entry.accesses++;
    else entry = this.startLoad(key, source);
    entry.pins++;
    entry.lastUsed = this.now();
    try {
      return this.lease(entry, await within(entry.ready, waitMs, () => new ModelNotReadyError(key)), false);
    } catch (err) {
      this.unpin(entry);
      throw err;
    }
  }

  /**
   * Holds `key` for one request if it is loaded here, as a hit, at once; undefined otherwise
   * (loading, absent, or the instance closed), when acquire is the way.
   */
  holdIfLoaded(key: string): Lease<M> | undefined {
    if (this.closed) return undefined;
    const entry = this.entries.get(key);
    if (entry?.state !== "loaded") return undefined;
    entry.hits++;
    this.counters.hits++;
    this.policy.touch(key);
    entry.pins++;
    entry.lastUsed = this.now();
    return this.lease(entry, entry.model!, true);
  }

  /** Unloads everything (UpdateEndpoint, DeleteEndpoint): idle models now, busy ones when their requests end. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeRoomWaiters();
    const idle = [...this.entries.values()].filter((e) => e.state === "loaded" && e.pins === 0);
    await Promise.all(idle.map((e) => this.drop(e, "endpoint changed")));
    await this.disk.clear();
  }

  snapshot(): InstanceSnapshot {
    return {
      instanceId: this.instanceId,
      index: this.index,
      memory: { budgetBytes: this.memoryBudgetBytes, usedBytes: this.usedBytes },
      disk: { budgetBytes: this.disk.budgetBytes, usedBytes: this.disk.usedBytes, models: this.disk.list() },
      inFlight: this.inFlight,
      models: [...this.entries.values()].map((e) => ({
        targetModel: e.key,
        state: e.state,
        bytes: e.bytes,
        ...(e.model ? { memorySource: e.model.memorySource } : {}),
        ...(e.loadedAt !== undefined ? { loadedAt: e.loadedAt } : {}),
        lastUsed: e.lastUsed,
        hits: e.hits,
        inFlight: e.pins,
        ...(e.model?.queueDepth ? { queued: e.model.queueDepth() } : {}),
      })),
      counters: { ...this.counters },
      recent: this.events.list(),
    };
  }

  private startLoad(key: string, source: ModelSource<M>): Entry<M> {
    const entry: Entry<M> = { key, state: "loading", pins: 0, bytes: 0, accesses: 1, lastUsed: this.now(), hits: 0, ready: undefined as never };
    this.entries.set(key, entry);
    entry.ready = this.load(entry, source);
    // Every waiter may have given up (ModelNotReady); the failure is recorded, not unhandled.
    entry.ready.catch(() => undefined);
    return entry;
  }

  private async load(entry: Entry<M>, source: ModelSource<M>): Promise<M> {
    const started = this.now();
    const key = entry.key;
    let downloaded = false;
    let downloadMs: number | undefined;
    let model: M | undefined;
    this.disk.pin(key);
    try {
      let folder = this.disk.use(key);
      if (!folder) {
        const downloadStarted = performance.now();
        const got = await source.download(key, await this.disk.ensureRoot(), { maxBytes: this.disk.budgetBytes });
        folder = got.folder;
        await this.disk.add(key, folder, got.bytes);
        downloaded = true;
        downloadMs = performance.now() - downloadStarted;
      }
      // Loading time leaves out waiting for room (evictions have their own unloading time).
      let loadStarted = performance.now();
      const prepared = await source.prepare(key, folder);
      const prepareMs = performance.now() - loadStarted;
      await this.reserve(entry, prepared.estimatedBytes);
      loadStarted = performance.now();
      model = await prepared.load();
      const loadMs = prepareMs + (performance.now() - loadStarted);
      await this.settle(entry, model);
      if (this.closed) throw new InstanceGoneError();
      entry.state = "loaded";
      entry.model = model;
      entry.loadedAt = this.now();
      this.policy.admit(key, entry.bytes, { accesses: entry.accesses });
      this.counters.loads++;
      this.record({ at: this.now(), kind: "load", targetModel: key, bytes: entry.bytes, durationMs: this.now() - started, downloaded, ...(downloadMs !== undefined ? { downloadMs } : {}), loadMs });
      if (entry.pins === 0) this.wakeRoomWaiters();
      return model;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      if (model) await model.unload().catch((e: unknown) => this.log(`unloading ${key} after a failed load failed`, e));
      this.releaseBytes(entry.bytes);
      entry.bytes = 0;
      this.disk.unpin(key);
      // A package that would not load is not kept; one that did not fit may fit later.
      if (!(err instanceof InsufficientCapacityError) && !(err instanceof InstanceGoneError)) await this.disk.delete(key);
      this.counters.loadFailures++;
      this.record({ at: this.now(), kind: "load-failed", targetModel: key, durationMs: this.now() - started, reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  /** Adds `bytes` to the entry's accounted memory, evicting idle models or waiting until they fit. */
  private async reserve(entry: Entry<M>, bytes: number): Promise<void> {
    const needed = Math.max(0, Math.ceil(bytes));
    if (entry.bytes + needed > this.memoryBudgetBytes) throw this.tooBig(entry.key, entry.bytes + needed);
    await this.roomLock.run(async () => {
      for (;;) {
        if (this.closed) throw new InstanceGoneError();
        if (this.usedBytes + needed <= this.memoryBudgetBytes) {
          this.usedBytes += needed;
          entry.bytes += needed;
          return;
        }
        const victim = this.policy.chooseVictim((k) => {
          const e = this.entries.get(k);
          return e !== undefined && e.state === "loaded" && e.pins === 0;
        });
        if (victim !== undefined) await this.evict(victim);
        else await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
      }
    });
  }

  /** Replaces the reservation with what the loaded model reports holding. */
  private async settle(entry: Entry<M>, model: M): Promise<void> {
    const actual = Math.max(0, Math.ceil(model.memoryBytes));
    if (actual > this.memoryBudgetBytes) throw this.tooBig(entry.key, actual);
    if (actual > entry.bytes) return this.reserve(entry, actual - entry.bytes);
    this.releaseBytes(entry.bytes - actual);
    entry.bytes = actual;
  }

  private async evict(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.state !== "loaded") return;
    this.entries.delete(key);
    this.policy.remove(key, "evicted");
    const started = performance.now();
    // Accounted until unloaded: a load never counts on memory that is still held.
    await entry.model!.unload().catch((e: unknown) => this.log(`unloading ${key} failed`, e));
    this.disk.unpin(key);
    this.releaseBytes(entry.bytes);
    // Its package may now make way for one that was added while every copy was in use.
    await this.disk.trim();
    this.counters.evictions++;
    this.record({ at: this.now(), kind: "evict", targetModel: key, bytes: entry.bytes, durationMs: performance.now() - started, reason: "memory pressure" });
  }

  private async drop(entry: Entry<M>, reason: string): Promise<void> {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.policy.remove(entry.key, "dropped");
    const started = performance.now();
    await entry.model?.unload().catch((e: unknown) => this.log(`unloading ${entry.key} failed`, e));
    this.disk.unpin(entry.key);
    this.releaseBytes(entry.bytes);
    this.record({ at: this.now(), kind: "unload", targetModel: entry.key, bytes: entry.bytes, durationMs: performance.now() - started, reason });
  }

  private record(event: CacheEvent): void {
    this.events.push(event);
    this.onEvent?.(event);
  }

  private lease(entry: Entry<M>, model: M, hit: boolean): Lease<M> {
    return new EntryLease(model, hit, () => this.unpin(entry));
  }

  private unpin(entry: Entry<M>): void {
    entry.pins--;
    entry.lastUsed = this.now();
    if (entry.pins > 0) return;
    if (this.closed && entry.state === "loaded") void this.drop(entry, "endpoint changed");
    else this.wakeRoomWaiters();
  }

  private releaseBytes(bytes: number): void {
    if (bytes <= 0) return;
    this.usedBytes -= bytes;
    this.wakeRoomWaiters();
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  private tooBig(key: string, bytes: number): InsufficientCapacityError {
    return new InsufficientCapacityError(
      `model ${key} needs ${bytes} bytes of memory, more than instance ${this.instanceId} has in all (${this.memoryBudgetBytes} bytes)`,
      "memory",
    );
  }
}

/**
 * One request's hold on a model; releasing twice is harmless. A class rather than an object
 * literal with a `release` closure: under tsx (the engine's runtime) each named closure costs an
 * `Object.defineProperty` call, and a warm request takes one lease.
 */
class EntryLease<M> implements Lease<M> {
  private released = false;
  constructor(
    readonly model: M,
    readonly hit: boolean,
    private readonly unpin: () => void,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.unpin();
  }
}

/** Resolves like `promise` if it settles within `ms`, else rejects with `timeout()`; 0 waits not at all. */
function within<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  if (ms <= 0) return Promise.reject(timeout());
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
