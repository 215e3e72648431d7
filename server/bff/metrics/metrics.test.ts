import { PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { HandlerExecutionContext } from "@smithy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headKeyFor, type ModelHead } from "@/lib/model-registry";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// The metrics use-cases against a real engine over HTTP: data put with the SDK, read back through the BFF.
// A model's versions are its registry head's (written here as the registry writes it), never ListMetrics'.
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
  const { cloudwatchClient } = await import("@/server/aws/client-factory");
  cloudwatchClient().middlewareStack.add(
    <A, R>(next: (args: A) => Promise<R>, context: HandlerExecutionContext) =>
      async (args: A) => {
        cloudwatchCalls.push(context.commandName ?? "?");
        return next(args);
      },
    { step: "initialize", name: "recordCommands" },
  );
});
afterAll(async () => engine?.close());

/** CloudWatch commands the console's own client sent. */
const cloudwatchCalls: string[] = [];

/** A model's head as the registry writes it, with these versions ready. */
async function registerModel(model: string, ready: number[]) {
  const head: ModelHead = {
    model,
    nextVersion: Math.max(0, ...ready) + 1,
    versions: Object.fromEntries(ready.map((v) => [String(v), { state: "ready" as const, uploadedBy: "a@example.com", uploadedAt: new Date().toISOString() }])),
    aliases: {},
    canaries: {},
    aliasHistory: [],
  };
  await engine.s3.send(new PutObjectCommand({ Bucket: "mme-models", Key: headKeyFor("obs/", model), Body: JSON.stringify(head), ContentType: "application/json" }));
}

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
    await registerModel("fraud", [1, 2]);
    await registerModel("other", [1]);
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
    expect(total(model.total.series.invocations)).toBe(4);
    expect(total(model.byVersion["1"]!.series.invocations)).toBe(3);
    expect(total(model.byVersion["2"]!.series.invocations)).toBe(1);
    // The page's tiles and the models table are one computation over the same window and data.
    const { tileValue } = await import("@/lib/metrics/chart-data");
    const { MODEL_TILES } = await import("@/lib/metrics/dashboard-charts");
    const tile = (id: string) => tileValue(MODEL_TILES.find((t) => t.id === id)!, model.total);
    expect(summary.models.fraud).toEqual({ invocations: tile("invocations"), p99LatencyUs: tile("p99-latency"), cacheHitRatio: tile("cache-hit") });
    expect(model.total.range.modelLatencyP99).toHaveLength(1);
  });

  it("takes a model's versions from the registry: a new version before its first invocation, no series of a target model it does not hold, no ListMetrics", async () => {
    await registerModel("fresh", [1, 3]);
    const at = new Date(Date.now() - 60_000);
    // v1 was invoked; v3 was just uploaded (on AWS, ListMetrics would not list it for up to 15 minutes);
    // "fresh/v2" was deleted from the registry and "ghost" never was in it.
    await engine.cw.send(
      new PutMetricDataCommand({ Namespace: "MMEConsole", MetricData: [...request("fresh/v1.tar.gz", at, 500, 1), ...request("fresh/v2.tar.gz", at, 500, 1), ...request("ghost/v1.tar.gz", at, 10, 1)] }),
    );
    cloudwatchCalls.length = 0;

    const model = await bff.model(EP, "fresh", { preset: "1h" });
    expect(model.versions).toEqual([
      { version: 3, targetModel: "fresh/v3.tar.gz" },
      { version: 1, targetModel: "fresh/v1.tar.gz" },
    ]);
    expect(model.byVersion["3"]!.series.invocations).toEqual([]);
    expect(model.total.series.invocations?.reduce((s, [, v]) => s + v, 0)).toBe(1);

    const summary = await bff.summary(EP, ["fresh", "ghost"], { preset: "1h" });
    expect(summary.models.fresh).toMatchObject({ invocations: 1 });
    expect(summary.models.ghost).toEqual({ invocations: 0, p99LatencyUs: undefined, cacheHitRatio: undefined });
    expect(cloudwatchCalls).toEqual(["GetMetricDataCommand", "GetMetricDataCommand"]);

    await expect(bff.model(EP, "ghost", { preset: "1h" })).rejects.toThrow(/does not exist/);
  });

  it("reads the endpoint's SageMaker series by variant, and its residency from the engine's signed route", async () => {
    // AWS/ namespaces are SageMaker's own (PutMetricData refuses them): the engine's invokes fill them (e2e).
    const view = await bff.endpoint(EP, { preset: "3h" });
    expect(view.variants).toEqual(["AllTraffic"]);
    expect(view.period).toBe(60);
    expect(view.series.invocations).toEqual([]);
    const only = await bff.endpoint(EP, { preset: "1h" }, ["loaded-models"]);
    expect(Object.keys(only.series).sort()).toEqual(["loadedModelsAvg", "loadedModelsMax"]);

    // The tiles' whole-window and newest-sample series come with it; zeros start at the endpoint's creation.
    expect(Object.keys(view.range)).toEqual(["modelLatencyP99"]);
    expect(Object.keys(view.latest)).toEqual(["loadedModelsMax"]);
    expect(view.since).toBeGreaterThan(Date.now() - 600_000);
    expect(view.since).toBeLessThanOrEqual(Date.now());

    // Never invoked: the engine has started no cache, yet the endpoint's one instance is listed, empty.
    const residency = await bff.residency(EP);
    expect(residency).toMatchObject({ available: true, fleets: [{ variantName: "AllTraffic", instances: [{ index: 0, started: false }] }] });
    await expect(bff.residency("no-such-endpoint")).rejects.toThrow(/does not exist/);
  });
});

describe("residency's instances", () => {
  it("lists every instance DescribeEndpoint counts: the engine's, then the ones it has not started", async () => {
    const { everyInstance } = await import("./get-residency");
    const started = { instanceId: "i-0", index: 0, memory: { budgetBytes: 1, usedBytes: 0 }, disk: { budgetBytes: 1, usedBytes: 0, models: [] }, inFlight: 0, models: [], counters: { hits: 0, misses: 0, loads: 0, loadFailures: 0, evictions: 0, diskDeletes: 0 }, recent: [] };
    const fleet = { endpointName: EP, variantName: "AllTraffic", instanceType: "ml.g5.xlarge", policy: "gdsf", instances: [started] };
    // Scaled from 1 to 3: the engine dropped its caches on the update and starts new ones on the next request.
    expect(everyInstance([{ name: "AllTraffic", count: 3 }], [])).toEqual([
      {
        variantName: "AllTraffic",
        instanceType: undefined,
        policy: undefined,
        instances: [
          { index: 0, started: false },
          { index: 1, started: false },
          { index: 2, started: false },
        ],
      },
    ]);
    const [one] = everyInstance([{ name: "alltraffic", count: 2 }], [fleet]);
    expect(one).toMatchObject({ variantName: "AllTraffic", instanceType: "ml.g5.xlarge", policy: "gdsf" });
    expect(one!.instances.map((i) => [i.index, i.started])).toEqual([
      [0, true],
      [1, false],
    ]);
    // A fleet of a variant the endpoint no longer lists (mid-update) is shown as the engine reports it.
    expect(everyInstance([], [fleet]).map((f) => f.instances.length)).toEqual([1]);
  });
});
