import type { ServiceHandler } from "../http/service-handler";
import type { MetricSink } from "../metrics/metric-sink";
import { getMetricData } from "./backend/get-metric-data";
import { MetricStore } from "./backend/store/metric-store";
import type { GetMetricDataInput } from "./backend/types";
import { openMetricsDatabase } from "./backend/store/metrics-db";
import { createCloudWatchHandler } from "./protocol/cloudwatch-handler";

export type CloudWatchServiceOptions = {
  dataDir: string;
  /** 1-second buckets (periods under a minute); default 3 hours, as CloudWatch. */
  fineRetentionMs?: number;
  /** 1-minute buckets; default 15 days, as CloudWatch keeps 60 s data. */
  minuteRetentionMs?: number;
  /**
   * Series cap (metric × dimensions × unit); storage ≈ retention × series. Default 250,000: the
   * runtime keeps 14 series per target model, so this holds some 17,000 invoked models.
   */
  maxSeries?: number;
  /** How often aggregated data points are written to metrics.db; default 5 s. */
  flushIntervalMs?: number;
  /** How often rows past retention are deleted; default 60 s. */
  pruneIntervalMs?: number;
};

export type CloudWatchService = {
  /** CloudWatch's API (awsJson1_0 and awsQuery) for the edge router. */
  handler: ServiceHandler;
  /** Where the runtime records what it observes; reads through `handler` see it at once. */
  sink: MetricSink;
  /** GetMetricData in-process, as the API answers it (Application Auto Scaling's alarms read it). */
  getMetricData(input: GetMetricDataInput): ReturnType<typeof getMetricData>;
  /** Flushes what is pending and closes metrics.db. */
  close(): Promise<void>;
};

export const CLOUDWATCH_DEFAULTS = {
  fineRetentionMs: 3 * 3600_000,
  minuteRetentionMs: 15 * 24 * 3600_000,
  maxSeries: 250_000,
  flushIntervalMs: 5_000,
  pruneIntervalMs: 60_000,
} as const;

/** Opens `<dataDir>/metrics.db` and serves CloudWatch over it. */
export function createCloudWatchService(options: CloudWatchServiceOptions): CloudWatchService {
  const db = openMetricsDatabase(options.dataDir);
  const store = new MetricStore({ ...CLOUDWATCH_DEFAULTS, ...stripUndefined(options), db });
  let closed = false;
  return {
    handler: createCloudWatchHandler(store),
    sink: store,
    getMetricData: (input) => getMetricData(store, input),
    async close() {
      if (closed) return;
      closed = true;
      store.close();
      db.close();
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
