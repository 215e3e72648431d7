import "server-only";
import { METRIC_NAMESPACES, SERIES, type SeriesKey } from "@/lib/metrics/metric-series";
import type { StatQuery } from "@/server/bff/metrics/fetch-metric-data";

/** The console's per-model series of one target model (namespace MMEConsole, dimensions EndpointName and TargetModel). */
export function perModelQuery(endpoint: string, targetModel: string, key: SeriesKey): StatQuery {
  const def = SERIES[key];
  return {
    namespace: METRIC_NAMESPACES.perModel,
    metric: def.metric,
    stat: def.stat,
    dimensions: { EndpointName: endpoint, TargetModel: targetModel },
    label: `${key} ${targetModel}`,
  };
}
