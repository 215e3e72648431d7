import { PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// The metrics use-cases against a real engine over HTTP: data put with the SDK, read back through the BFF.
let engine: BffTestEngine;
let bff: {
  endpoint: typeof import("./get-endpoint-metrics").getEndpointMetrics;
  model: typeof import("./get-model-metrics").getModelMetrics;
  summary: typeof import("./get-models-summary").getModelsSummary;
  residency: typeof import("./get-residency").getResidency;
};
const EP = "obs-bff";

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "mme-models" });
  const { createMmeEndpoint } = await import("@/server/bff/endpoints/create-mme-endpoint");
  await createMmeEndpoint(
    {
      name: EP,
      instanceType: "ml.g5.xlarge",
      instanceCount: 1,
      modelDataUrl: "s3://mme-models/obs/",
      executionRoleArn: "arn:aws:iam::000000000000:role/SageMakerExecutionRole",
      image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3",
    },
    "test@example.com",
  );
  bff = {
    endpoint: (await import("./get-endpoint-metrics")).getEndpointMetrics,
    model: (await import("./get-model-metrics")).getModelMetrics,
    summary: (await import("./get-models-summary")).getModelsSummary,
    residency: (await import("./get-residency")).getResidency,
  };
});
afterAll(async () => engine?.close());

/** One request's per-model data as the engine (or the console on AWS) records it. */
function request(targetModel: string, at: Date, latencyUs: number, hit: 0 | 1): MetricDatum[] {
  const Dimensions = [
    { Name: "EndpointName", Value: EP },
    { Name: "TargetModel", Value: targetModel },
  ];
  return [
    { MetricName: "Invocations", Dimensions, Timestamp: at, Value: 1, Unit: "Count" },
    { MetricName: "ModelLatency", Dimensions, Timestamp: at, Value: latencyUs, Unit: "Microseconds" },
    { MetricName: "ModelCacheHit", Dimensions, Timestamp: at, Value: hit, Unit: "None" },
  ];
}

describe("metrics use-cases", () => {
  it("sums a model's versions, weighs its hit ratio, and bounds its p99 by the slowest version", async () => {
    const at = new Date(Date.now() - 60_000);
    const data = [
      ...request("fraud/v1.tar.gz", at, 1000, 0),
      ...request("fraud/v1.tar.gz", at, 1000, 1),
      ...request("fraud/v1.tar.gz", at, 1000, 1),
      ...request("fraud/v2.tar.gz", at, 9000, 0),
      ...request("other/v1.tar.gz", at, 10, 1),
    ];
    await engine.cw.send(new PutMetricDataCommand({ Namespace: "MMEConsole", MetricData: data }));

    const summary = await bff.summary(EP, ["fraud", "other", "idle"], { preset: "1h" });
    expect(summary.models.fraud).toMatchObject({ invocations: 4, cacheHitRatio: 0.5 });
    expect(summary.models.fraud!.p99LatencyUs).toBeCloseTo(9000, -2);
    expect(summary.models.other).toMatchObject({ invocations: 1, cacheHitRatio: 1 });
    expect(summary.models.idle).toEqual({ invocations: 0, p99LatencyUs: undefined, cacheHitRatio: undefined });

    const model = await bff.model(EP, "fraud", { preset: "1h" });
    expect(model.versions.map((v) => v.targetModel)).toEqual(["fraud/v2.tar.gz", "fraud/v1.tar.gz"]);
    expect(model.period).toBe(10);
    const total = (pts: [number, number][] | undefined) => (pts ?? []).reduce((s, [, v]) => s + v, 0);
    expect(total(model.total.invocations)).toBe(4);
    expect(total(model.byVersion["1"]!.invocations)).toBe(3);
    expect(total(model.byVersion["2"]!.invocations)).toBe(1);
  });

  it("reads the endpoint's SageMaker series by variant, and its residency from the engine's signed route", async () => {
    // AWS/ namespaces are SageMaker's own (PutMetricData refuses them): the engine's invokes fill them (e2e).
    const view = await bff.endpoint(EP, { preset: "3h" });
    expect(view.variants).toEqual(["AllTraffic"]);
    expect(view.period).toBe(60);
    expect(view.series.invocations).toEqual([]);
    const only = await bff.endpoint(EP, { preset: "1h" }, ["loaded-models"]);
    expect(Object.keys(only.series).sort()).toEqual(["loadedModelsAvg", "loadedModelsMax"]);

    const residency = await bff.residency(EP);
    expect(residency).toMatchObject({ available: true, snapshot: { endpoints: [] } });
    await expect(bff.residency("no-such-endpoint")).rejects.toThrow(/does not exist/);
  });
});
