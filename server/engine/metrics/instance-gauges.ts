import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { NAMESPACES, type MetricSink, type MetricUnit } from "./metric-sink";

export type InstanceGaugesOptions = {
  sink: MetricSink;
  snapshot: () => CacheSnapshot;
  /** How often every instance is sampled (SageMaker publishes instance metrics every minute). */
  intervalMs: number;
  /**
   * The GPU's figures when a backend runs models on one (the PyTorch worker), else undefined:
   * GPUUtilization and GPUMemoryUtilization are recorded only then, as SageMaker publishes them
   * only for GPU instances. Utilization is null when the device does not report it.
   */
  gpu?: () => { memoryPercent: number; utilizationPercent: number | null } | undefined;
};

const GAUGES = [
  ["LoadedModelCount", "None"],
  ["CPUUtilization", "Percent"],
  ["MemoryUtilization", "Percent"],
  ["DiskUtilization", "Percent"],
] as const satisfies readonly (readonly [string, MetricUnit])[];

/**
 * SageMaker's instance metrics (`/aws/sagemaker/Endpoints`, EndpointName + VariantName), sampled
 * on a timer: one datum per instance per sample, so Average is the per-instance mean and Maximum
 * the busiest instance. Memory and disk utilization are against each instance's own budgets.
 * The engine's instances share one process, so CPUUtilization is that process's (100 = one core
 * busy, as SageMaker counts it), the same figure on every instance.
 */
export class InstanceGauges {
  private timer: NodeJS.Timeout | undefined;
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();

  constructor(private readonly opts: InstanceGaugesOptions) {}

  start(): void {
    this.timer ??= setInterval(() => this.sample(), this.opts.intervalMs);
    // Sampling never keeps the process alive on its own.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sample of every instance now (the timer's work; tests call it directly). */
  sample(): void {
    const cpuPercent = this.cpuPercentSinceLast();
    const snapshot = this.opts.snapshot();
    const gpu = this.opts.gpu?.();
    for (const fleet of snapshot.endpoints) {
      const dimensions = [
        { name: "EndpointName", value: fleet.endpointName },
        { name: "VariantName", value: fleet.variantName },
      ];
      const handle = (metricName: string, unit: MetricUnit) => this.opts.sink.series({ namespace: NAMESPACES.instances, metricName, dimensions, unit });
      const [loaded, cpu, memory, disk] = GAUGES.map(([name, unit]) => handle(name, unit));
      for (const i of fleet.instances) {
        loaded!.add(i.models.filter((m) => m.state === "loaded").length, snapshot.at);
        cpu!.add(cpuPercent, snapshot.at);
        memory!.add(percent(i.memory.usedBytes, i.memory.budgetBytes), snapshot.at);
        disk!.add(percent(i.disk.usedBytes, i.disk.budgetBytes), snapshot.at);
      }
      // The instances share the engine's GPU(s), as they share its process: the same figure on each.
      if (gpu) {
        const gpuMemory = handle("GPUMemoryUtilization", "Percent");
        const gpuUtil = gpu.utilizationPercent !== null ? handle("GPUUtilization", "Percent") : undefined;
        for (let n = 0; n < fleet.instances.length; n++) {
          gpuMemory.add(gpu.memoryPercent, snapshot.at);
          gpuUtil?.add(gpu.utilizationPercent!, snapshot.at);
        }
      }
    }
  }

  private cpuPercentSinceLast(): number {
    const now = performance.now();
    const used = process.cpuUsage(this.lastCpu);
    const wallUs = (now - this.lastAt) * 1000;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    return wallUs > 0 ? ((used.user + used.system) / wallUs) * 100 : 0;
  }
}

function percent(used: number, budget: number): number {
  return budget > 0 ? (used / budget) * 100 : 0;
}
