import { describe, expect, it } from "vitest";
import { metricLabel, presetOf, targetTrackingConfig } from "./policy-presets";

const where = { endpoint: "ep", variant: "AllTraffic" };

describe("target-tracking presets", () => {
  it("uses the predefined metric for invocations per instance", () => {
    const c = targetTrackingConfig({ preset: "invocations", targetValue: 70, disableScaleIn: false, scaleInCooldown: 300 }, where);
    expect(c).toMatchObject({ TargetValue: 70, ScaleInCooldown: 300, DisableScaleIn: false, PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" } });
    expect(presetOf(c)).toBe("invocations");
  });

  it("uses customized metrics in /aws/sagemaker/Endpoints with the endpoint and variant for GPU and CPU", () => {
    const c = targetTrackingConfig({ preset: "gpu", targetValue: 60, disableScaleIn: true }, where);
    expect(c.CustomizedMetricSpecification).toEqual({
      MetricName: "GPUUtilization",
      Namespace: "/aws/sagemaker/Endpoints",
      Dimensions: [
        { Name: "EndpointName", Value: "ep" },
        { Name: "VariantName", Value: "AllTraffic" },
      ],
      Statistic: "Average",
      Unit: "Percent",
    });
    expect(presetOf(c)).toBe("gpu");
    expect(presetOf(targetTrackingConfig({ preset: "cpu", targetValue: 60, disableScaleIn: false }, where))).toBe("cpu");
  });

  it("names a policy it did not make by its metric", () => {
    const other = { CustomizedMetricSpecification: { MetricName: "MemoryUtilization", Namespace: "/aws/sagemaker/Endpoints", Statistic: "Maximum" } };
    expect(presetOf(other)).toBeUndefined();
    expect(metricLabel(other)).toBe("/aws/sagemaker/Endpoints MemoryUtilization (Maximum)");
    expect(metricLabel({ PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerInferenceComponentInvocationsPerCopy" } })).toBe("SageMakerInferenceComponentInvocationsPerCopy");
  });
});
