import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateLoadMs, estimateMemoryBytes } from "@/lib/capacity/model-estimates";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import type { CapacityView } from "@/lib/schemas/capacity";
import { invokeMetricData } from "@/server/bff/metrics/invoke-metric-data";
import { awsModeEnv, createMotoMmeEndpoint, motoClientConfig, startMoto, type MotoServer } from "@/test/support/aws/moto-server";
import { putVersionDirectly } from "@/test/support/bff/verification-packages";
import { replayedGpuTypes } from "@/test/support/capacity/replayed-types";

// The capacity plan in AWS mode (MME_BACKEND=aws) against moto: the endpoint from DescribeEndpoint,
// the versions from the registry in S3, each version's calls from the per-model series the console
// publishes to CloudWatch on AWS (invokeMetricData, as publishInvokeMetrics sends them), and the
// health verdict from SageMaker's own endpoint metrics, put here as SageMaker would.
const EP = "cap-on-moto";
const BUCKET = "cap-models";
const ADD = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-aws-capacity-"));
let moto: MotoServer;
let view: CapacityView;

/** `count` console invokes of `targetModel`, `minutesAgo` minutes ago. */
function invokes(targetModel: string, minutesAgo: number, count: number): MetricDatum[] {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  return Array.from({ length: count }, () => invokeMetricData({ endpoint: EP, targetModel, at, roundTripMs: 12, status: 200 })).flat();
}

/** SageMaker's endpoint metrics of a thrashing endpoint: 1 hit in 4 requests, 3 unloads, one model resident at most. */
function thrashingEndpointMetrics(): { namespace: string; data: MetricDatum[] }[] {
  const dims = [
    { Name: "EndpointName", Value: EP },
    { Name: "VariantName", Value: "AllTraffic" },
  ];
  const at = new Date(Date.now() - 4 * 60_000);
  const datum = (MetricName: string, Value: number): MetricDatum => ({ MetricName, Dimensions: dims, Timestamp: at, Value });
  return [
    { namespace: METRIC_NAMESPACES.requests, data: [1, 0, 0, 0].map((v) => datum("ModelCacheHit", v)).concat([1, 2, 3].map((v) => datum("ModelUnloadingTime", v * 1000))) },
    { namespace: METRIC_NAMESPACES.instances, data: [datum("LoadedModelCount", 1)] },
  ];
}

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, awsModeEnv(moto.url), { MME_CONSOLE_DATA_DIR: tmp });
  const s3 = new S3Client({ ...motoClientConfig(moto.url), forcePathStyle: true });
  const cw = new CloudWatchClient(motoClientConfig(moto.url));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await createMotoMmeEndpoint(moto.url, { name: EP, modelDataUrl: `s3://${BUCKET}/team/`, instanceType: "ml.g4dn.xlarge", instanceCount: 2 });
  await putVersionDirectly(s3, { bucket: BUCKET, prefix: "team/", model: "add", bytes: ADD });
  await putVersionDirectly(s3, { bucket: BUCKET, prefix: "team/", model: "other", bytes: ADD });
  // A version nobody called is not planned.
  await putVersionDirectly(s3, { bucket: BUCKET, prefix: "team/", model: "idle", bytes: ADD });
  const perModel = [...invokes("add/v1.tar.gz", 10, 5), ...invokes("add/v1.tar.gz", 5, 2), ...invokes("other/v1.tar.gz", 3, 1)];
  // PutMetricData takes at most 1,000 data a call; these are fewer.
  await cw.send(new PutMetricDataCommand({ Namespace: METRIC_NAMESPACES.perModel, MetricData: perModel }));
  for (const { namespace, data } of thrashingEndpointMetrics()) await cw.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
  s3.destroy();
  cw.destroy();
  const { planCapacity } = await import("./plan-capacity");
  view = await planCapacity(EP, { range: "1h", max_instances: 2, target_hit_ratio: 0.5 }, { workers: 0 });
}, 120_000);
afterAll(async () => {
  await moto?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the capacity plan on AWS (moto)", () => {
  it("plans the versions that were called, with the calls the console published and figures estimated from the packages", () => {
    expect(view.region).toBe("us-east-1");
    expect(view.current).toEqual({ instanceType: "ml.g4dn.xlarge", count: 2 });
    const byName = Object.fromEntries(view.models.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(["add/v1.tar.gz", "other/v1.tar.gz"]);
    expect(byName["add/v1.tar.gz"]).toMatchObject({ model: "add", version: 1, invocations: 7, peakPerMinute: 5 });
    expect(byName["other/v1.tar.gz"]).toMatchObject({ invocations: 1, peakPerMinute: 1 });
    // SageMaker says nothing of a model's memory, and no load time was recorded: both estimated from the package.
    expect(byName["add/v1.tar.gz"]).toMatchObject({ memorySource: "estimated", memoryBytes: estimateMemoryBytes(ADD.length), loadSource: "estimated", loadMs: Math.round(estimateLoadMs(estimateMemoryBytes(ADD.length))) });
  });

  it("replays the region's GPU types worth replaying, marks the endpoint's own configuration and the cheapest meeting the target", () => {
    const types = replayedGpuTypes("us-east-1", "ml.g4dn.xlarge");
    expect(view.configs).toHaveLength(types.length * 2 * 2);
    expect(view.configs.filter((c) => c.current)).toEqual([expect.objectContaining({ instanceType: "ml.g4dn.xlarge", count: 2, policy: "lru" })]);
    // Eight requests over two tiny models: every configuration holds both, so only first loads miss (2 of 8).
    for (const c of view.configs) expect(c).toMatchObject({ hitRatio: 0.75, modelsThatDoNotFit: [] });
    expect(view.cheapest).toBeDefined();
    expect(view.configs[view.cheapest!]!.monthlyUsd).toBe(Math.min(...view.configs.map((c) => c.monthlyUsd)));
    expect(view.dedicated).toMatchObject({ endpoints: 2, unplaceable: [] });
  });

  it("reads SageMaker's own metrics for the health verdict: a hit ratio of 25 % with unloads is thrashing", () => {
    expect(view.health).toMatchObject({ verdict: "thrashing", cacheHitRatio: 0.25, unloads: 3, loadedModelCount: 1, distinctModelsCalled: 2 });
  });
});
