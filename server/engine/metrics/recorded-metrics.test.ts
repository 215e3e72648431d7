import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * What the runtime and the cache record, read back through CloudWatch on the same engine with
 * the real SDK client, after a known set of invocations: counts and sums must be exact.
 */
const BUCKET = "metrics-models";
const MODEL = "onnx-add/v1.tar.gz";

let engine: TestEngine;
let c: Clients;
let cw: CloudWatchClient;
const started = new Date(Date.now() - 60_000);

type Reference = { cases: { request: unknown }[] };

beforeAll(async () => {
  // Instance gauges every 100 ms, so the test sees samples without waiting for the default 10 s.
  engine = await startTestEngine({ config: { metricsSampleMs: 100 } });
  c = sdkClients(engine);
  cw = new CloudWatchClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createBucket(c, BUCKET);
  await putObject(c, BUCKET, `mme/${MODEL}`, fixturePackage("onnx-add"));
  await createEndpoint(c, "metrics-mme", { bucket: BUCKET, prefix: "mme/" });

  const good = JSON.stringify(fixtureReference<Reference>("onnx-add").cases[0]!.request);
  const invoke = (body: string, targetModel?: string) =>
    c.runtime.send(new InvokeEndpointCommand({ EndpointName: "metrics-mme", ContentType: "application/json", Body: body, ...(targetModel ? { TargetModel: targetModel } : {}) }));
  // 5 good requests (1 cold load, 4 hits), 2 the model refuses (ModelError, 400 from the
  // container), 1 with no target model (ValidationError before any model is reached).
  for (let i = 0; i < 5; i++) await invoke(good, MODEL);
  for (let i = 0; i < 2; i++) await expect(invoke(JSON.stringify({ inputs: [{ name: "NOPE", shape: [1], datatype: "FP32", data: [1] }] }), MODEL)).rejects.toMatchObject({ name: "ModelError" });
  await expect(invoke(good)).rejects.toMatchObject({ name: "ValidationError" });
});
afterAll(async () => {
  cw?.destroy();
  c?.destroy();
  await engine?.cleanup();
});

const variantDims = [
  { Name: "EndpointName", Value: "metrics-mme" },
  { Name: "VariantName", Value: "AllTraffic" },
];
const modelDims = [
  { Name: "EndpointName", Value: "metrics-mme" },
  { Name: "TargetModel", Value: MODEL },
];

/** One number per (metric, stat) over the whole test, in one GetMetricData call. */
async function totals(namespace: string, dimensions: typeof variantDims, asks: [metric: string, stat: string][]): Promise<Record<string, number | undefined>> {
  const queries: MetricDataQuery[] = asks.map(([metric, stat], i) => ({
    Id: `q${i}`,
    Label: `${metric}:${stat}`,
    MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: dimensions }, Period: 3600, Stat: stat },
  }));
  const out = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: started, EndTime: new Date(Date.now() + 60_000) }));
  const result: Record<string, number | undefined> = {};
  for (const r of out.MetricDataResults ?? []) {
    // Period 3600 s aligned to the hour: the test may straddle two; add them up (sums and counts only).
    const values = r.Values ?? [];
    result[r.Label!] = values.length === 0 ? undefined : r.Label!.endsWith(":Maximum") ? Math.max(...values) : values.reduce((a, b) => a + b, 0);
  }
  return result;
}

describe("metrics the engine records for InvokeEndpoint", () => {
  it("counts every invocation, error and cache hit exactly, per variant", async () => {
    const t = await totals("AWS/SageMaker", variantDims, [
      ["Invocations", "Sum"],
      ["InvocationsPerInstance", "Sum"],
      ["Invocation4XXErrors", "Sum"],
      ["Invocation5XXErrors", "Sum"],
      ["InvocationModelErrors", "Sum"],
      ["ModelCacheHit", "Sum"],
      ["ModelCacheHit", "SampleCount"],
      ["ModelLatency", "SampleCount"],
      ["OverheadLatency", "SampleCount"],
      ["ModelLoadingWaitTime", "SampleCount"],
      ["ModelLoadingTime", "SampleCount"],
      ["ModelDownloadingTime", "SampleCount"],
    ]);
    expect(t).toEqual({
      "Invocations:Sum": 8,
      "InvocationsPerInstance:Sum": 8,
      // The two the model refused (the container said 400) and the one with no target model.
      "Invocation4XXErrors:Sum": 3,
      "Invocation5XXErrors:Sum": 0,
      "InvocationModelErrors:Sum": 2,
      // 7 requests reached the cache; the first loaded the model, 6 found it loaded.
      "ModelCacheHit:Sum": 6,
      "ModelCacheHit:SampleCount": 7,
      "ModelLatency:SampleCount": 7,
      "OverheadLatency:SampleCount": 7,
      "ModelLoadingWaitTime:SampleCount": 1,
      "ModelLoadingTime:SampleCount": 1,
      "ModelDownloadingTime:SampleCount": 1,
    });
  });

  it("adds 1/instances to InvocationsPerInstance per request, as SageMaker does", async () => {
    await createEndpoint(c, "metrics-two", { bucket: BUCKET, prefix: "mme/", instanceCount: 2 });
    const body = JSON.stringify(fixtureReference<Reference>("onnx-add").cases[0]!.request);
    for (let i = 0; i < 4; i++) await c.runtime.send(new InvokeEndpointCommand({ EndpointName: "metrics-two", TargetModel: MODEL, ContentType: "application/json", Body: body }));
    const dims = [
      { Name: "EndpointName", Value: "metrics-two" },
      { Name: "VariantName", Value: "AllTraffic" },
    ];
    expect(await totals("AWS/SageMaker", dims, [["Invocations", "Sum"], ["InvocationsPerInstance", "Sum"]])).toEqual({ "Invocations:Sum": 4, "InvocationsPerInstance:Sum": 2 });
  });

  it("keeps the same series per target model, and latencies are ordered as statistics must be", async () => {
    const t = await totals("MMEConsole", modelDims, [
      ["Invocations", "Sum"],
      ["InvocationModelErrors", "Sum"],
      ["ModelCacheHit", "Sum"],
      ["ModelLoadingTime", "SampleCount"],
    ]);
    // The request with no target model has no per-model series to count in.
    expect(t).toEqual({ "Invocations:Sum": 7, "InvocationModelErrors:Sum": 2, "ModelCacheHit:Sum": 6, "ModelLoadingTime:SampleCount": 1 });

    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: started,
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: ["Minimum", "p50", "p99", "p100", "Maximum"].map((stat) => ({
          Id: stat.toLowerCase(),
          // One period covering the whole test: the five statistics describe the same 7 values.
          MetricStat: { Metric: { Namespace: "MMEConsole", MetricName: "ModelLatency", Dimensions: modelDims }, Period: 86_400, Stat: stat },
        })),
      }),
    );
    const v = Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, r.Values?.[0]]));
    expect(v.minimum).toBeGreaterThan(0);
    expect(v.minimum).toBeLessThanOrEqual(v.p50!);
    expect(v.p50).toBeLessThanOrEqual(v.p99!);
    expect(v.p100).toBe(v.maximum);
  });

  it("samples each instance: loaded models, memory and disk against the budgets", async () => {
    const probe = () => totals("/aws/sagemaker/Endpoints", variantDims, [["LoadedModelCount", "Maximum"], ["MemoryUtilization", "Maximum"], ["DiskUtilization", "Maximum"]]);
    const t = await waitFor(probe, (r) => r["LoadedModelCount:Maximum"] === 1);
    expect(t["MemoryUtilization:Maximum"]).toBeGreaterThan(0);
    expect(t["DiskUtilization:Maximum"]).toBeGreaterThan(0);
    const listed = await cw.send(new ListMetricsCommand({ Namespace: "/aws/sagemaker/Endpoints", Dimensions: [{ Name: "EndpointName", Value: "metrics-mme" }] }));
    expect(new Set(listed.Metrics?.map((m) => m.MetricName))).toEqual(new Set(["LoadedModelCount", "CPUUtilization", "MemoryUtilization", "DiskUtilization"]));
  });
});

describe("GET /_mme/endpoints/{name}/residency", () => {
  const residency = (path: string, sign = true) => (sign ? signedFetch(engine.url, { method: "GET", path }) : fetch(new URL(path, engine.url)));

  it("answers what each instance of the endpoint holds, signed like SageMaker", async () => {
    const res = await residency("/_mme/endpoints/metrics-mme/residency");
    expect(res.status).toBe(200);
    const body = (await res.json()) as CacheSnapshot;
    expect(body.endpoints).toHaveLength(1);
    const [instance] = body.endpoints[0]!.instances;
    expect(instance!.models.map((m) => [m.targetModel, m.state, m.hits])).toEqual([[MODEL, "loaded", 6]]);
    expect(instance!.memory.usedBytes).toBeGreaterThan(0);
    expect(instance!.recent.find((e) => e.kind === "load")).toMatchObject({ targetModel: MODEL, downloaded: true });
  });

  it("refuses unsigned requests and names an endpoint that does not exist", async () => {
    const unsigned = await residency("/_mme/endpoints/metrics-mme/residency", false);
    // The engine's answer to any unsigned JSON-protocol request (docs/architecture.md).
    expect([unsigned.status, unsigned.headers.get("x-amzn-errortype")]).toEqual([400, "MissingAuthenticationTokenException"]);
    const missing = await residency("/_mme/endpoints/nope/residency");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: 'Could not find endpoint "nope".' });
  });
});
