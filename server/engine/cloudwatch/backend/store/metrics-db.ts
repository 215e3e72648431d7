import { join } from "node:path";
import { openDatabase, type EngineDatabase } from "../../../store/open-database";

export type MetricsDatabase = EngineDatabase;

/**
 * Schema of metrics.db; migration N leaves it at user_version N. Never edit a released one.
 * A series is CloudWatch's metric (namespace, name, dimensions) plus the unit its data came
 * with. Buckets are keyed (resolution, series, start): resolution 1 (seconds, kept 3 hours)
 * or 60 (minutes, kept 15 days by default); start in epoch seconds.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cw_series (
    id           INTEGER PRIMARY KEY,
    namespace    TEXT NOT NULL,
    metric_name  TEXT NOT NULL,
    -- Dimensions sorted by name, as JSON [[name, value], ...].
    dims         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    -- Epoch ms of the newest data point put (ListMetrics' RecentlyActive, and pruning).
    last_seen    INTEGER NOT NULL,
    UNIQUE (namespace, metric_name, dims, unit)
  );
  CREATE TABLE cw_buckets (
    resolution      INTEGER NOT NULL,
    series_id       INTEGER NOT NULL REFERENCES cw_series (id) ON DELETE CASCADE,
    start           INTEGER NOT NULL,
    count           REAL NOT NULL,
    sum             REAL NOT NULL,
    min             REAL NOT NULL,
    max             REAL NOT NULL,
    -- Float64 [value, weight, ...] while the bucket is exact, else NULL.
    exact           BLOB,
    -- Float64 [zeroCount, index, weight, ...] once it is not, else NULL.
    sketch          BLOB,
    no_percentiles  INTEGER NOT NULL,
    PRIMARY KEY (resolution, series_id, start)
  ) WITHOUT ROWID;
  CREATE INDEX cw_buckets_age ON cw_buckets (resolution, start);
  `,
];

/**
 * Opens `<dataDir>/metrics.db`, a file apart from engine.db: metric flushes are frequent bulk
 * writes that must never queue behind (or hold up) the control plane's synchronous=FULL
 * transactions, and losing the last seconds of metrics on a power cut is acceptable where
 * losing an acknowledged CreateEndpoint is not. Hence synchronous=NORMAL: a committed flush
 * survives a crash of the process (kill -9), only an OS crash may lose the newest ones.
 */
export function openMetricsDatabase(dataDir: string): MetricsDatabase {
  return openDatabase(join(dataDir, "metrics.db"), { synchronous: "NORMAL", migrations: MIGRATIONS });
}
