import type { SeriesHandle } from "../../../metrics/metric-sink";
import { addStatisticSet, addValue, emptyStats, type BucketStats } from "../bucket-stats";

/** Who flushes a buffer: told once when it gets its first pending value since the last flush. */
export type DirtySeries = { markDirty(buffer: SeriesBuffer): void };

/**
 * One series' pending buckets. `add` is the invoke hot path: the current second's bucket is
 * cached, so most calls touch a few numbers and push two onto an array.
 */
export class SeriesBuffer implements SeriesHandle {
  /** Seconds not yet written; none (no Map at all) while the series is idle, which most of thousands are. */
  pending: Map<number, BucketStats> | undefined;
  lastSeenMs = 0;
  /** The series' row id once a flush has looked it up, and the last_seen stored with it. */
  id: number | undefined;
  storedLastSeenMs = 0;
  /**
   * The newest minute a flush wrote for this series and exactly what its row holds, so the next
   * flush in the same minute merges in memory and overwrites the row instead of reading it back.
   */
  openMinute: { start: number; stats: BucketStats } | undefined;
  private lastSecond = NaN;
  private lastStats: BucketStats | undefined;

  constructor(
    private readonly dirty: DirtySeries,
    readonly namespace: string,
    readonly metricName: string,
    readonly dims: string,
    readonly unit: string,
  ) {}

  add(value: number, atMs?: number): void {
    // CloudWatch refuses NaN and infinities; the sink drops them rather than throw.
    if (!Number.isFinite(value)) return;
    const at = atMs ?? Date.now();
    addValue(this.bucket(at), value);
  }

  addWeighted(value: number, weight: number, atMs: number): void {
    addValue(this.bucket(atMs), value, weight);
  }

  addStatisticSet(set: { SampleCount: number; Sum: number; Minimum: number; Maximum: number }, atMs: number): void {
    addStatisticSet(this.bucket(atMs), set);
  }

  clear(): void {
    this.pending = undefined;
    this.lastSecond = NaN;
    this.lastStats = undefined;
  }

  private bucket(atMs: number): BucketStats {
    if (!Number.isFinite(atMs)) atMs = Date.now();
    if (atMs > this.lastSeenMs) this.lastSeenMs = atMs;
    const second = Math.floor(atMs / 1000);
    if (second === this.lastSecond) return this.lastStats!;
    if (this.pending === undefined) {
      this.pending = new Map();
      this.dirty.markDirty(this);
    }
    let stats = this.pending.get(second);
    if (!stats) {
      stats = emptyStats();
      this.pending.set(second, stats);
    }
    this.lastSecond = second;
    this.lastStats = stats;
    return stats;
  }
}
