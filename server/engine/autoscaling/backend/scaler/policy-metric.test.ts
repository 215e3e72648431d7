import { describe, expect, it } from "vitest";
import { policyMetricQuery } from "./policy-metric";

const variant = { endpointName: "e", variantName: "v" };
const dims = [
  { Name: "EndpointName", Value: "e" },
  { Name: "VariantName", Value: "v" },
];

describe("the metric a policy's alarms watch", () => {
  it("SageMakerVariantInvocationsPerInstance: InvocationsPerInstance's Sum per period for the variant", () => {
    expect(policyMetricQuery("q", { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" } }, variant, 60)).toEqual({
      Id: "q",
      MetricStat: { Metric: { Namespace: "AWS/SageMaker", MetricName: "InvocationsPerInstance", Dimensions: dims }, Period: 60, Stat: "Sum" },
    });
  });

  it("a customized metric as given, in either of its forms", () => {
    const metric = { Namespace: "/aws/sagemaker/Endpoints", MetricName: "GPUUtilization", Dimensions: dims };
    const expected = { Id: "q", MetricStat: { Metric: metric, Period: 5, Stat: "Average", Unit: "Percent" } };
    expect(policyMetricQuery("q", { TargetValue: 60, CustomizedMetricSpecification: { ...metric, Statistic: "Average", Unit: "Percent" } }, variant, 5)).toEqual(expected);
    const metrics = [{ Id: "m1", MetricStat: { Metric: metric, Stat: "Average", Unit: "Percent" } }];
    expect(policyMetricQuery("q", { TargetValue: 60, CustomizedMetricSpecification: { Metrics: metrics } }, variant, 5)).toEqual(expected);
  });

  it("nothing the engine cannot evaluate: other predefined types, metric math", () => {
    expect(policyMetricQuery("q", { TargetValue: 1, PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" } }, variant, 60)).toBeUndefined();
    expect(policyMetricQuery("q", { TargetValue: 1, CustomizedMetricSpecification: { Metrics: [{ Id: "m", Expression: "a+b" }] } }, variant, 60)).toBeUndefined();
  });
});
