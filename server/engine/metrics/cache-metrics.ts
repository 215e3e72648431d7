import type { CacheEvent } from "@/lib/residency-snapshot";
import { NAMESPACES, type MetricSink, type SeriesHandle } from "./metric-sink";

type Where = { endpointName: string; variantName: string };
type Timings = { downloading: SeriesHandle; loading: SeriesHandle; unloading: SeriesHandle };

/**
 * SageMaker's MME loading metrics from the instances' cache events: ModelDownloadingTime and
 * ModelLoadingTime for each load, ModelUnloadingTime for each eviction or unload, in
 * microseconds, per variant (`AWS/SageMaker`) and per target model (`MMEConsole`).
 */
export class CacheMetrics {
  private readonly handles = new Map<string, Timings>();

  constructor(private readonly sink: MetricSink) {}

  readonly onEvent = (where: Where, event: CacheEvent): void => {
    const targets = [
      this.timings(NAMESPACES.invocations, where.endpointName, "VariantName", where.variantName),
      this.timings(NAMESPACES.perModel, where.endpointName, "TargetModel", event.targetModel),
    ];
    for (const t of targets) {
      if (event.kind === "load") {
        if (event.downloadMs !== undefined) t.downloading.add(event.downloadMs * 1000, event.at);
        if (event.loadMs !== undefined) t.loading.add(event.loadMs * 1000, event.at);
      } else if ((event.kind === "evict" || event.kind === "unload") && event.durationMs !== undefined) {
        t.unloading.add(event.durationMs * 1000, event.at);
      }
    }
  };

  private timings(namespace: string, endpointName: string, dimension: string, value: string): Timings {
    const id = `${namespace}\u0000${endpointName}\u0000${value}`;
    let t = this.handles.get(id);
    if (!t) {
      const dimensions = [
        { name: "EndpointName", value: endpointName },
        { name: dimension, value },
      ];
      const series = (metricName: string) => this.sink.series({ namespace, metricName, dimensions, unit: "Microseconds" });
      t = { downloading: series("ModelDownloadingTime"), loading: series("ModelLoadingTime"), unloading: series("ModelUnloadingTime") };
      this.handles.set(id, t);
    }
    return t;
  }
}
