import type { Dimension, MetricSink, SeriesHandle, SeriesKey } from "../../../metrics/metric-sink";
import { decodeStats, encodeStats, mergeStats, type BucketStats, type StatsRow } from "../bucket-stats";
import type { MetricsDatabase } from "./metrics-db";
import { SeriesBuffer, type DirtySeries } from "./series-buffer";

export type MetricStoreOptions = {
  db: MetricsDatabase;
  /** 1-second buckets are kept this long (CloudWatch: 3 hours for high-resolution data). */
  fineRetentionMs: number;
  /** 1-minute buckets are kept this long (CloudWatch: 15 days at 60 s). */
  minuteRetentionMs: number;
  /** At most this many series (metric × dimensions × unit) are kept; storage is bounded by it. */
  maxSeries: number;
  flushIntervalMs: number;
  pruneIntervalMs: number;
};

/** A series as stored: units are kept apart, as CloudWatch aggregates per unit. */
export type StoredSeries = { id: number; namespace: string; metricName: string; dimensions: Dimension[]; unit: string; lastSeenMs: number };

/** The key of a series with any unit string (PutMetricData accepts all StandardUnit values). */
export type AnySeriesKey = Omit<SeriesKey, "unit"> & { unit: string };

export const FINE = 1;
export const MINUTE = 60;
/** Series written per transaction by the timer's flush, which yields to requests between slices. */
const FLUSH_SLICE = 1000;
/** How stale a series' stored last_seen may get (RecentlyActive is 3 hours; pruning, 15 days). */
const LAST_SEEN_SLACK_MS = 60_000;

const NOOP_HANDLE: SeriesHandle = { add() {} };

/**
 * The metric store: the MetricSink the runtime writes to, and the data CloudWatch's API reads.
 * Observations aggregate in memory into per-second buckets (no I/O, no throw on the hot path);
 * a timer flushes them in one transaction into 1 s and 1 min rows of metrics.db, merging with
 * rows already there; another prunes rows past retention. Reads flush first, so an API call
 * sees everything added before it.
 */
export class MetricStore implements MetricSink, DirtySeries {
  private readonly handles = new Map<string, SeriesBuffer>();
  /** One copy of each dimension set's JSON: a target model's 14 series share it. */
  private readonly dimsStrings = new Map<string, string>();
  /** Keys of every series persisted or held in memory: the series cap counts these. */
  private readonly keys = new Set<string>();
  private readonly dirty: SeriesBuffer[] = [];
  private readonly timers: NodeJS.Timeout[];
  private refusedWarned = false;
  private closed = false;
  private slicing = false;
  private readonly stmts;

  constructor(private readonly opts: MetricStoreOptions) {
    const db = opts.db;
    for (const row of db.prepare("SELECT namespace, metric_name, dims, unit FROM cw_series").all() as { namespace: string; metric_name: string; dims: string; unit: string }[]) {
      this.keys.add(keyString(row.namespace, row.metric_name, row.unit, row.dims));
    }
    this.stmts = {
      insertBucket: db.prepare(
        `INSERT INTO cw_buckets (resolution, series_id, start, count, sum, min, max, exact, sketch, no_percentiles)
         VALUES (@resolution, @series_id, @start, @count, @sum, @min, @max, @exact, @sketch, @no_percentiles) ON CONFLICT DO NOTHING`,
      ),
      upsertSeries: db.prepare(
        `INSERT INTO cw_series (namespace, metric_name, dims, unit, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (namespace, metric_name, dims, unit) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen) RETURNING id`,
      ),
      getBucket: db.prepare("SELECT count, sum, min, max, exact, sketch, no_percentiles FROM cw_buckets WHERE resolution = ? AND series_id = ? AND start = ?"),
      putBucket: db.prepare(
        `INSERT OR REPLACE INTO cw_buckets (resolution, series_id, start, count, sum, min, max, exact, sketch, no_percentiles)
         VALUES (@resolution, @series_id, @start, @count, @sum, @min, @max, @exact, @sketch, @no_percentiles)`,
      ),
      pruneBuckets: db.prepare("DELETE FROM cw_buckets WHERE resolution = ? AND start < ?"),
      pruneSeries: db.prepare(
        `DELETE FROM cw_series WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM cw_buckets b WHERE b.resolution = ${MINUTE} AND b.series_id = cw_series.id)
         RETURNING namespace, metric_name, dims, unit`,
      ),
    };
    this.prune();
    this.timers = [setInterval(() => this.flushInSlices(), opts.flushIntervalMs), setInterval(() => this.prune(), opts.pruneIntervalMs)];
    for (const timer of this.timers) timer.unref();
  }

  /** MetricSink: never throws; past the series cap it answers a handle that drops (logged once). */
  series(key: SeriesKey): SeriesHandle {
    return this.handleFor(key) ?? this.refuse(key);
  }

  /** The handle of a series, or undefined when creating it would pass the cap. */
  handleFor(key: AnySeriesKey): SeriesBuffer | undefined {
    const dims = this.intern(dimsJson(key.dimensions));
    const id = keyString(key.namespace, key.metricName, key.unit, dims);
    let handle = this.handles.get(id);
    if (handle) return handle;
    if (!this.keys.has(id) && this.keys.size >= this.opts.maxSeries) return undefined;
    handle = new SeriesBuffer(this, key.namespace, key.metricName, dims, key.unit);
    this.handles.set(id, handle);
    this.keys.add(id);
    return handle;
  }

  private intern(dims: string): string {
    const known = this.dimsStrings.get(dims);
    if (known !== undefined) return known;
    this.dimsStrings.set(dims, dims);
    return dims;
  }

  /** How many of `keys` are series the store does not hold yet, and how many more it may take. */
  room(keys: readonly AnySeriesKey[]): { newSeries: number; free: number } {
    const fresh = new Set(keys.map((k) => keyString(k.namespace, k.metricName, k.unit, dimsJson(k.dimensions))).filter((k) => !this.keys.has(k)));
    return { newSeries: fresh.size, free: Math.max(0, this.opts.maxSeries - this.keys.size) };
  }

  get maxSeries(): number {
    return this.opts.maxSeries;
  }

  /** @internal SeriesBuffer reports its first pending value since the last flush. */
  markDirty(buffer: SeriesBuffer): void {
    this.dirty.push(buffer);
  }

  /** Writes every pending bucket now (reads and close need all of it). Never throws: a failed flush is logged. */
  flush(): void {
    while (this.dirty.length > 0 && !this.closed) this.writeSlice(this.dirty.length);
  }

  /**
   * The timer's flush: a slice of series per transaction, yielding to the event loop between
   * slices, so that thousands of active target models never stall requests for a whole flush.
   * Values added meanwhile go to buffers still queued, or queue their buffer again.
   */
  private flushInSlices(): void {
    if (this.slicing) return;
    this.slicing = true;
    const step = () => {
      if (this.dirty.length === 0 || this.closed) {
        this.slicing = false;
        return;
      }
      this.writeSlice(FLUSH_SLICE);
      setImmediate(step);
    };
    step();
  }

  /**
   * One transaction over the first `count` queued series, one or two writes each: a series' id
   * is kept once known (its last_seen refreshed at most every minute), a new bucket is a plain
   * insert, the open minute is merged in memory and overwritten, and a row is read back only when
   * an insert finds one already there (after a restart, or a second that straddled two flushes).
   */
  private writeSlice(count: number): void {
    const buffers = this.dirty.splice(0, count);
    const now = Date.now();
    const fineFrom = Math.floor((now - this.opts.fineRetentionMs) / 1000);
    const minuteFrom = Math.floor((now - this.opts.minuteRetentionMs) / 1000);
    try {
      this.opts.db.transaction(() => {
        for (const buffer of buffers) {
          if (buffer.id === undefined || buffer.lastSeenMs - buffer.storedLastSeenMs >= LAST_SEEN_SLACK_MS) {
            buffer.id = (this.stmts.upsertSeries.get(buffer.namespace, buffer.metricName, buffer.dims, buffer.unit, buffer.lastSeenMs) as { id: number }).id;
            buffer.storedLastSeenMs = buffer.lastSeenMs;
          }
          const id = buffer.id;
          const minutes = new Map<number, BucketStats>();
          for (const [second, stats] of buffer.pending ?? []) {
            if (second >= fineFrom) this.writeBucket(FINE, id, second, stats);
            const minute = second - (second % MINUTE);
            const acc = minutes.get(minute);
            if (acc) mergeStats(acc, stats);
            else minutes.set(minute, stats);
          }
          for (const [minute, stats] of minutes) {
            if (minute + MINUTE <= minuteFrom) continue;
            const open = buffer.openMinute;
            if (open?.start === minute) {
              // The row holds exactly `open.stats`: no need to read it back.
              mergeStats(open.stats, stats);
              this.stmts.putBucket.run({ resolution: MINUTE, series_id: id, start: minute, ...encodeStats(open.stats) });
            } else {
              const written = this.writeBucket(MINUTE, id, minute, stats);
              if (open === undefined || minute > open.start) buffer.openMinute = { start: minute, stats: written };
            }
          }
        }
      })();
    } catch (err) {
      // Dropped rather than kept: holding them would let memory grow without bound on a full disk.
      console.error("mme-engine: flushing metrics failed; the pending data points are dropped", err);
      // Ids and open minutes may describe rolled-back writes: read them again next time.
      for (const buffer of buffers) {
        buffer.id = undefined;
        buffer.openMinute = undefined;
      }
    }
    for (const buffer of buffers) buffer.clear();
  }

  /** Forgets open minutes that are over, removes buckets past retention, then series with no minute data left and not seen since. */
  prune(now = Date.now()): void {
    if (this.closed) return;
    // A minute that is over takes no more merges from the runtime: its copy in memory goes.
    const currentMinute = Math.floor(now / 60_000) * MINUTE;
    for (const handle of this.handles.values()) if (handle.openMinute && handle.openMinute.start < currentMinute) handle.openMinute = undefined;
    try {
      this.stmts.pruneBuckets.run(FINE, Math.floor((now - this.opts.fineRetentionMs) / 1000));
      this.stmts.pruneBuckets.run(MINUTE, Math.floor((now - this.opts.minuteRetentionMs) / 1000) - MINUTE);
      const gone = this.stmts.pruneSeries.all(now - this.opts.minuteRetentionMs) as { namespace: string; metric_name: string; dims: string; unit: string }[];
      for (const row of gone) {
        const key = keyString(row.namespace, row.metric_name, row.unit, row.dims);
        const handle = this.handles.get(key);
        // A live handle's row is gone: its next flush inserts the series again.
        if (handle) {
          handle.id = undefined;
          handle.openMinute = undefined;
        }
        else this.keys.delete(key);
      }
    } catch (err) {
      console.error("mme-engine: pruning metrics failed", err);
    }
  }

  /** Every stored series of a namespace and metric name (either may be left out). */
  listSeries(filter: { namespace?: string; metricName?: string } = {}): StoredSeries[] {
    this.flush();
    const rows = this.opts.db
      .prepare(
        `SELECT id, namespace, metric_name, dims, unit, last_seen FROM cw_series
         WHERE (@namespace IS NULL OR namespace = @namespace) AND (@metricName IS NULL OR metric_name = @metricName)
         ORDER BY namespace, metric_name, dims, unit`,
      )
      .all({ namespace: filter.namespace ?? null, metricName: filter.metricName ?? null }) as {
      id: number;
      namespace: string;
      metric_name: string;
      dims: string;
      unit: string;
      last_seen: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      namespace: r.namespace,
      metricName: r.metric_name,
      dimensions: (JSON.parse(r.dims) as [string, string][]).map(([name, value]) => ({ name, value })),
      unit: r.unit,
      lastSeenMs: r.last_seen,
    }));
  }

  /** The buckets of one series at one resolution with fromSec ≤ start < toSec, oldest first. */
  readBuckets(seriesId: number, resolution: number, fromSec: number, toSec: number): { start: number; stats: BucketStats }[] {
    this.flush();
    const rows = this.opts.db
      .prepare(
        "SELECT start, count, sum, min, max, exact, sketch, no_percentiles FROM cw_buckets WHERE resolution = ? AND series_id = ? AND start >= ? AND start < ? ORDER BY start",
      )
      .all(resolution, seriesId, fromSec, toSec) as (StatsRow & { start: number })[];
    return rows.map((row) => ({ start: row.start, stats: decodeStats(row) }));
  }

  /** Stops the timers and writes what is pending; the caller closes the database. */
  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.flush();
    this.closed = true;
  }

  /** Inserts a bucket, or merges it into the row already there; returns what the row now holds. */
  private writeBucket(resolution: number, seriesId: number, start: number, stats: BucketStats): BucketStats {
    if (this.stmts.insertBucket.run({ resolution, series_id: seriesId, start, ...encodeStats(stats) }).changes > 0) return stats;
    const existing = this.stmts.getBucket.get(resolution, seriesId, start) as StatsRow | undefined;
    let merged = stats;
    if (existing) {
      merged = decodeStats(existing);
      mergeStats(merged, stats);
    }
    this.stmts.putBucket.run({ resolution, series_id: seriesId, start, ...encodeStats(merged) });
    return merged;
  }

  private refuse(key: SeriesKey): SeriesHandle {
    if (!this.refusedWarned) {
      this.refusedWarned = true;
      console.warn(`mme-engine: metric series limit (${this.opts.maxSeries}) reached; dropping data for new series such as ${key.namespace} ${key.metricName}`);
    }
    return NOOP_HANDLE;
  }
}

/** Dimensions sorted by name (CloudWatch treats them as a set) as JSON [[name, value], ...]. */
export function dimsJson(dimensions: readonly Dimension[]): string {
  return JSON.stringify([...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((d) => [d.name, d.value]));
}

function keyString(namespace: string, metricName: string, unit: string, dims: string): string {
  return JSON.stringify([namespace, metricName, unit]) + dims;
}
