import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type ScalingActivity,
} from "@aws-sdk/client-application-auto-scaling";
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * The scaler on a real engine with a 1-second period: real invocations through the SDK drive
 * InvocationsPerInstance, the scaler reads it from the engine's CloudWatch and changes the
 * variant through UpdateEndpointWeightsAndCapacities. Assertions are on the rules (counts,
 * bounds, activity texts), never on how fast a busy machine gets there: polls are generous.
 */
const BUCKET = "models";
const NS = "sagemaker";
const DIM = "sagemaker:variant:DesiredInstanceCount";
const rid = (endpoint: string) => `endpoint/${endpoint}/variant/AllTraffic`;
const target = (endpoint: string) => ({ ServiceNamespace: NS, ResourceId: rid(endpoint), ScalableDimension: DIM }) as const;
const body = JSON.stringify(fixtureReference<{ cases: { request: unknown }[] }>("onnx-add").cases[0]!.request);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let engine: TestEngine;
let c: Clients;
let aas: ApplicationAutoScalingClient;

beforeAll(async () => {
  engine = await startTestEngine({ config: { scalingPeriodS: 1 } });
  c = sdkClients(engine);
  aas = new ApplicationAutoScalingClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createBucket(c, BUCKET);
  await putObject(c, BUCKET, "shared/m.tar.gz", fixturePackage("onnx-add"));
});

afterAll(async () => {
  aas?.destroy();
  c?.destroy();
  await engine?.cleanup();
});

/** Invocations in `concurrency` loops, each pausing `pauseMs` between requests, until stopped. */
function drive(endpoint: string, concurrency: number, pauseMs = 0): () => Promise<void> {
  let on = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (on) {
      await c.runtime.send(new InvokeEndpointCommand({ EndpointName: endpoint, TargetModel: "m.tar.gz", ContentType: "application/json", Body: body })).catch(() => undefined);
      if (pauseMs) await sleep(pauseMs);
    }
  });
  return async () => {
    on = false;
    await Promise.all(loops);
  };
}

async function instanceCount(endpoint: string): Promise<number> {
  const d = await c.sm.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
  return d.EndpointStatus === "InService" ? d.ProductionVariants![0]!.CurrentInstanceCount! : -1;
}

async function activities(endpoint: string): Promise<ScalingActivity[]> {
  return (await aas.send(new DescribeScalingActivitiesCommand({ ...target(endpoint) }))).ScalingActivities ?? [];
}

const instancesOf = (endpoint: string) => engine.modelCache.snapshot().endpoints.filter((e) => e.endpointName === endpoint).flatMap((e) => e.instances);

async function invocationsPolicy(endpoint: string, name: string, extra: { DisableScaleIn?: boolean } = {}) {
  await aas.send(
    new PutScalingPolicyCommand({
      ...target(endpoint),
      PolicyName: name,
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 4,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        // 60 s on AWS: one period here.
        ScaleOutCooldown: 60,
        ScaleInCooldown: 60,
        ...extra,
      },
    }),
  );
}

describe("target tracking on SageMakerVariantInvocationsPerInstance", () => {
  const seen = new Set<number>();
  let watching = true;
  let watcher: Promise<void>;

  beforeAll(async () => {
    await Promise.all([
      createEndpoint(c, "busy", { bucket: BUCKET, prefix: "shared/" }),
      createEndpoint(c, "keep", { bucket: BUCKET, prefix: "shared/", instanceCount: 2 }),
    ]);
    await aas.send(new RegisterScalableTargetCommand({ ...target("busy"), MinCapacity: 1, MaxCapacity: 3 }));
    await aas.send(new RegisterScalableTargetCommand({ ...target("keep"), MinCapacity: 1, MaxCapacity: 2 }));
    await invocationsPolicy("busy", "busy-invocations");
    await invocationsPolicy("keep", "keep-invocations", { DisableScaleIn: true });
    // Every instance count the endpoint shows while the test runs: never outside [1, 3].
    watcher = (async () => {
      while (watching) {
        const n = await instanceCount("busy");
        if (n > 0) seen.add(n);
        await sleep(100);
      }
    })();
  });

  afterAll(async () => {
    watching = false;
    await watcher;
  });

  it("scales out after 3 periods above the target, to ceil(current x metric / target) within max", async () => {
    const loadStart = Date.now();
    const stop = drive("busy", 6);
    try {
      await waitFor(() => instanceCount("busy"), (n) => n === 3, 60_000);
      // A request keeps flowing so the fleet is seen at its new size.
      await waitFor(async () => instancesOf("busy").length, (n) => n === 3, 10_000);
    } finally {
      await stop();
    }
    const outs = (await activities("busy")).filter((a) => a.Cause?.includes("-AlarmHigh-"));
    expect(outs.length).toBeGreaterThan(0);
    const first = outs[outs.length - 1]!;
    // Three whole periods above the target: not before two seconds after the load began.
    expect(first.StartTime!.getTime()).toBeGreaterThanOrEqual(loadStart + 2000 - 50);
    for (const a of outs) {
      expect(a.Description).toMatch(/^Setting desired instance count to [23]\.$/);
      expect(a.Cause).toMatch(/^monitor alarm TargetTracking-endpoint\/busy\/variant\/AllTraffic-AlarmHigh-[0-9a-f-]{36} in state ALARM triggered policy busy-invocations$/);
      expect(a.StatusCode).toBe("Successful");
      expect(a.StatusMessage).toBe(`Successfully set desired instance count to ${/(\d+)\.$/.exec(a.Description!)![1]}. Change successfully fulfilled by sagemaker.`);
    }
  });

  it("scales in after 15 periods below 90 % of the target and the cooldown, to min; not where DisableScaleIn", async () => {
    // A trickle: with no data at all the alarm is INSUFFICIENT_DATA and AWS does not scale in.
    const stopBusy = drive("busy", 1, 400);
    const stopKeep = drive("keep", 1, 400);
    try {
      await waitFor(() => instanceCount("busy"), (n) => n === 1, 90_000);
      await waitFor(async () => instancesOf("busy").length, (n) => n === 1, 10_000);
    } finally {
      await Promise.all([stopBusy(), stopKeep()]);
    }
    const [last] = await activities("busy");
    expect(last).toMatchObject({
      Description: "Setting desired instance count to 1.",
      StatusCode: "Successful",
      StatusMessage: "Successfully set desired instance count to 1. Change successfully fulfilled by sagemaker.",
    });
    expect(last!.Cause).toMatch(/^monitor alarm TargetTracking-endpoint\/busy\/variant\/AllTraffic-AlarmLow-[0-9a-f-]{36} in state ALARM triggered policy busy-invocations$/);
    // The same trickle on "keep" (2 instances, DisableScaleIn) left it alone.
    expect(await instanceCount("keep")).toBe(2);
    expect(await activities("keep")).toEqual([]);
    expect([...seen].every((n) => n >= 1 && n <= 3)).toBe(true);
    expect(seen.has(3)).toBe(true);
  });
});

describe("a scaling action's instances", () => {
  it("change when SageMaker completes it, with no request needed: removed ones unload, kept ones keep their models, new ones start empty", async () => {
    await createEndpoint(c, "sized", { bucket: BUCKET, prefix: "shared/", instanceCount: 2 });
    await c.runtime.send(new InvokeEndpointCommand({ EndpointName: "sized", TargetModel: "m.tar.gz", ContentType: "application/json", Body: body }));
    const [holder] = instancesOf("sized").filter((i) => i.models.length > 0);
    expect(holder).toBeDefined();

    const resize = async (n: number) => {
      await c.sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: "sized", DesiredWeightsAndCapacities: [{ VariantName: "AllTraffic", DesiredInstanceCount: n }] }));
      await waitFor(() => instanceCount("sized"), (x) => x === n, 20_000);
      return waitFor(async () => instancesOf("sized"), (instances) => instances.length === n, 10_000);
    };
    const grown = await resize(3);
    expect(grown.find((i) => i.instanceId === holder!.instanceId)?.models.map((m) => m.targetModel)).toEqual(["m.tar.gz"]);
    expect(grown.filter((i) => i.instanceId !== holder!.instanceId).every((i) => i.models.length === 0)).toBe(true);
    const shrunk = await resize(1);
    // The newest instances go (the first was there from the start and holds the model).
    expect(shrunk.map((i) => i.instanceId)).toEqual([grown[0]!.instanceId]);
  });
});

describe("target tracking on a customized metric", () => {
  it("GPUUtilization (Average, /aws/sagemaker/Endpoints) above the target scales out", async () => {
    await createEndpoint(c, "gpu", { bucket: BUCKET, prefix: "shared/" });
    await aas.send(new RegisterScalableTargetCommand({ ...target("gpu"), MinCapacity: 1, MaxCapacity: 4 }));
    const Dimensions = [
      { Name: "EndpointName", Value: "gpu" },
      { Name: "VariantName", Value: "AllTraffic" },
    ];
    await aas.send(
      new PutScalingPolicyCommand({
        ...target("gpu"),
        PolicyName: "gpu-utilization",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 60,
          CustomizedMetricSpecification: { Namespace: "/aws/sagemaker/Endpoints", MetricName: "GPUUtilization", Dimensions, Statistic: "Average", Unit: "Percent" },
        },
      }),
    );
    // What the instance gauges record while a PyTorch worker keeps the GPU busy: 90 % on each instance.
    const gpu = engine.metrics.series({ namespace: "/aws/sagemaker/Endpoints", metricName: "GPUUtilization", dimensions: Dimensions.map((d) => ({ name: d.Name, value: d.Value })), unit: "Percent" });
    const timer = setInterval(() => gpu.add(90), 100);
    try {
      await waitFor(() => instanceCount("gpu"), (n) => n === 2, 30_000);
    } finally {
      clearInterval(timer);
    }
    const [a] = await activities("gpu");
    // ceil(1 x 90 / 60) = 2.
    expect(a).toMatchObject({ Description: "Setting desired instance count to 2.", StatusCode: "Successful" });
    expect(a!.Cause).toMatch(/-AlarmHigh-.* in state ALARM triggered policy gpu-utilization$/);
  });
});

describe("min and max capacity", () => {
  it("a target registered above the variant's count brings it up to MinCapacity", async () => {
    await createEndpoint(c, "raised", { bucket: BUCKET, prefix: "shared/" });
    await aas.send(new RegisterScalableTargetCommand({ ...target("raised"), MinCapacity: 2, MaxCapacity: 3 }));
    await waitFor(() => instanceCount("raised"), (n) => n === 2, 20_000);
    const [a] = await activities("raised");
    expect(a).toMatchObject({ Description: "Setting desired instance count to 2.", Cause: "minimum capacity was set to 2", StatusCode: "Successful" });
  });

  it("scheduled actions set min and max at their time, and the capacity follows into the range", async () => {
    await createEndpoint(c, "timed", { bucket: BUCKET, prefix: "shared/" });
    await aas.send(new RegisterScalableTargetCommand({ ...target("timed"), MinCapacity: 1, MaxCapacity: 4 }));
    const at = (ms: number) => `at(${new Date(Date.now() + ms).toISOString().slice(0, 19)})`;
    await aas.send(new PutScheduledActionCommand({ ...target("timed"), ScheduledActionName: "morning", Schedule: at(2000), ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 4 } }));
    await waitFor(() => instanceCount("timed"), (n) => n === 3, 30_000);
    const t = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, ResourceIds: [rid("timed")] }));
    expect(t.ScalableTargets![0]).toMatchObject({ MinCapacity: 3, MaxCapacity: 4 });

    await aas.send(new PutScheduledActionCommand({ ...target("timed"), ScheduledActionName: "evening", Schedule: at(2000), ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 } }));
    await waitFor(() => instanceCount("timed"), (n) => n === 2, 30_000);
    const texts = (await activities("timed")).map((a) => ({ d: a.Description, c: a.Cause, s: a.StatusCode, m: a.StatusMessage }));
    expect(texts).toEqual([
      { d: "Setting desired instance count to 2.", c: "maximum capacity was set to 2", s: "Successful", m: "Successfully set desired instance count to 2. Change successfully fulfilled by sagemaker." },
      { d: "Setting min capacity to 1 and max capacity to 2", c: "scheduled action name evening was triggered", s: "Successful", m: "Successfully set min capacity to 1 and max capacity to 2" },
      { d: "Setting desired instance count to 3.", c: "minimum capacity was set to 3", s: "Successful", m: "Successfully set desired instance count to 3. Change successfully fulfilled by sagemaker." },
      { d: "Setting min capacity to 3 and max capacity to 4", c: "scheduled action name morning was triggered", s: "Successful", m: "Successfully set min capacity to 3 and max capacity to 4" },
    ]);
  });
});
