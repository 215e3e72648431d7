/**
 * The three target-tracking policies the console offers for a multi-model endpoint, as
 * Application Auto Scaling's TargetTrackingScalingPolicyConfiguration, and the way back from a
 * stored configuration to the preset it is. Shared by the BFF (which sends them) and the page.
 */
export const POLICY_PRESETS = ["invocations", "gpu", "cpu"] as const;
export type PolicyPreset = (typeof POLICY_PRESETS)[number];

/** The instances' metrics SageMaker publishes per variant (EndpointName, VariantName). */
export const INSTANCE_METRICS_NAMESPACE = "/aws/sagemaker/Endpoints";

export const PRESET_INFO = {
  invocations: { label: "Invocations per instance", short: "invocations-per-instance", unit: "invocations / minute / instance", metric: "SageMakerVariantInvocationsPerInstance" },
  gpu: { label: "GPU utilization", short: "gpu-utilization", unit: "% (100 per GPU)", metric: "GPUUtilization" },
  cpu: { label: "CPU utilization", short: "cpu-utilization", unit: "% (100 per core)", metric: "CPUUtilization" },
} as const satisfies Record<PolicyPreset, { label: string; short: string; unit: string; metric: string }>;

type Dimension = { Name: string | undefined; Value: string | undefined };
/** The parts of AWS's TargetTrackingScalingPolicyConfiguration the presets set or read. */
export type TargetTrackingConfig = {
  TargetValue?: number;
  PredefinedMetricSpecification?: { PredefinedMetricType?: string; ResourceLabel?: string };
  CustomizedMetricSpecification?: { MetricName?: string; Namespace?: string; Dimensions?: Dimension[]; Statistic?: string; Unit?: string };
  ScaleOutCooldown?: number;
  ScaleInCooldown?: number;
  DisableScaleIn?: boolean;
};

export type PolicySettings = { preset: PolicyPreset; targetValue: number; scaleInCooldown?: number; scaleOutCooldown?: number; disableScaleIn: boolean };

/** The configuration PutScalingPolicy takes for a preset (its literal types as the SDK wants them). */
export function targetTrackingConfig(s: PolicySettings, where: { endpoint: string; variant: string }): TargetTrackingConfig & { TargetValue: number; PredefinedMetricSpecification?: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" }; CustomizedMetricSpecification?: { Statistic: "Average"; Unit: "Percent" } } {
  const common = { TargetValue: s.targetValue, ScaleInCooldown: s.scaleInCooldown, ScaleOutCooldown: s.scaleOutCooldown, DisableScaleIn: s.disableScaleIn };
  if (s.preset === "invocations") return { ...common, PredefinedMetricSpecification: { PredefinedMetricType: PRESET_INFO.invocations.metric } };
  return {
    ...common,
    CustomizedMetricSpecification: {
      MetricName: PRESET_INFO[s.preset].metric,
      Namespace: INSTANCE_METRICS_NAMESPACE,
      Dimensions: [
        { Name: "EndpointName", Value: where.endpoint },
        { Name: "VariantName", Value: where.variant },
      ],
      Statistic: "Average",
      Unit: "Percent",
    },
  };
}

/** Which preset a stored policy is, or undefined for one the console did not make (another metric, namespace or statistic). */
export function presetOf(c: TargetTrackingConfig | undefined): PolicyPreset | undefined {
  if (!c) return undefined;
  if (c.PredefinedMetricSpecification?.PredefinedMetricType === PRESET_INFO.invocations.metric) return "invocations";
  const m = c.CustomizedMetricSpecification;
  if (!m || m.Namespace !== INSTANCE_METRICS_NAMESPACE || m.Statistic !== "Average") return undefined;
  if (m.MetricName === PRESET_INFO.gpu.metric) return "gpu";
  if (m.MetricName === PRESET_INFO.cpu.metric) return "cpu";
  return undefined;
}

/** A stored policy's metric in words: the preset's label, else the metric as AWS names it. */
export function metricLabel(c: TargetTrackingConfig | undefined): string {
  const p = presetOf(c);
  if (p) return PRESET_INFO[p].label;
  if (c?.PredefinedMetricSpecification?.PredefinedMetricType) return c.PredefinedMetricSpecification.PredefinedMetricType;
  const m = c?.CustomizedMetricSpecification;
  if (m?.MetricName) return `${m.Namespace ?? ""} ${m.MetricName} (${m.Statistic ?? "?"})`.trim();
  return "unknown metric";
}
