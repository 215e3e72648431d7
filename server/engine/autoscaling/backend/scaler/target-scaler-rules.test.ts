import { afterEach, describe, expect, it } from "vitest";
import type { ScalableTarget, ScalingPolicy } from "../types";
import type { EndpointView, MetricReader, ScalableEndpoints, ScalingStore } from "./scaler-ports";
import { TargetScaler } from "./target-scaler";

/**
 * The scaler's loop against fakes of its three ports, with a clock the test moves: what it does
 * when the endpoint is busy, when scaling is suspended, when SageMaker refuses, when nothing is
 * registered, and when cooldowns start.
 */
const RID = "endpoint/e/variant/v";
const PERIOD_S = 1;

const started: TargetScaler[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.stop();
});

function harness(opts: { metric: () => number | undefined }) {
  let now = Date.UTC(2026, 0, 1, 0, 0, 30);
  const target: ScalableTarget = {
    ServiceNamespace: "sagemaker",
    ResourceId: RID,
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
    MinCapacity: 1,
    MaxCapacity: 8,
    RoleARN: "",
    CreationTime: new Date(0),
    SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    ScalableTargetARN: "",
  };
  const policy = {
    PolicyName: "p",
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 10, PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" }, ScaleOutCooldown: 120 },
    Alarms: [{ AlarmName: `TargetTracking-${RID}-AlarmHigh-1`, AlarmARN: "" }],
  } as ScalingPolicy;
  const targets: ScalableTarget[] = [];
  const activities: { id: string; description: string; cause: string; status?: string; message?: string }[] = [];
  let reads = 0;
  const store: ScalingStore = {
    listScalableTargets: () => targets,
    listScalingPolicies: () => [policy],
    listScheduledActions: () => [],
    setTargetCapacity: () => undefined,
    startActivity: (a) => {
      activities.push({ id: String(activities.length), description: a.description, cause: a.cause });
      return String(activities.length - 1);
    },
    endActivity: (id, end) => Object.assign(activities[Number(id)]!, { status: end.statusCode, message: end.statusMessage }),
    onTargetChange: () => undefined,
  };
  const endpoint: EndpointView & { live: NonNullable<EndpointView["live"]> } = { status: "InService", pending: null, live: { variants: [{ variantName: "v", desiredInstanceCount: 1, currentInstanceCount: 1 }] } };
  const changed: ((c: { endpointName: string }) => void)[] = [];
  let refuse: string | undefined;
  const endpoints: ScalableEndpoints = {
    findEndpoint: () => endpoint,
    updateEndpointWeightsAndCapacities: (input) => {
      if (refuse) throw new Error(refuse);
      endpoint.status = "Updating";
      endpoint.live.variants[0]!.desiredInstanceCount = input.DesiredWeightsAndCapacities[0]!.DesiredInstanceCount!;
    },
    onEndpointChange: (l) => changed.push(l),
  };
  // Every period of the window holds the same value.
  const metrics: MetricReader = {
    getMetricData: (input) => {
      reads++;
      const v = opts.metric();
      const stamps: Date[] = [];
      for (let t = input.StartTime.getTime(); t < input.EndTime.getTime(); t += PERIOD_S * 1000) stamps.push(new Date(t));
      return { MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, Timestamps: v === undefined ? [] : stamps, Values: stamps.map(() => v ?? 0) })) };
    },
  };
  const scaler = new TargetScaler({ store, endpoints, metrics, periodS: PERIOD_S, now: () => now });
  started.push(scaler);
  return {
    scaler,
    target,
    targets,
    endpoint,
    activities,
    reads: () => reads,
    refuse: (message: string | undefined) => (refuse = message),
    advance: (ms: number) => (now += ms),
    /** SageMaker completes the change and tells its listeners (the scaler hears it a moment later). */
    settle: async () => {
      endpoint.status = "InService";
      endpoint.live.variants[0]!.currentInstanceCount = endpoint.live.variants[0]!.desiredInstanceCount;
      for (const l of changed) l({ endpointName: "e" });
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe("the scaler's loop", () => {
  it("does no work while no target is registered", () => {
    const h = harness({ metric: () => 50 });
    h.scaler.tick();
    expect(h.reads()).toBe(0);
  });

  it("leaves an endpoint that is not InService alone, and scales it once it is", () => {
    const h = harness({ metric: () => 50 });
    h.targets.push(h.target);
    h.scaler.start();
    h.endpoint.status = "Updating";
    h.scaler.tick();
    expect(h.activities).toEqual([]);
    h.endpoint.status = "InService";
    h.scaler.tick();
    expect(h.activities).toEqual([{ id: "0", description: "Setting desired instance count to 5.", cause: `monitor alarm TargetTracking-${RID}-AlarmHigh-1 in state ALARM triggered policy p` }]);
  });

  it("ends the activity when SageMaker has fulfilled it, and counts the cooldown from then", async () => {
    let metric = 50;
    const h = harness({ metric: () => metric });
    h.targets.push(h.target);
    h.scaler.start();
    h.scaler.tick();
    // Still Updating: the same alarm does not start a second activity.
    h.advance(1000);
    h.scaler.tick();
    expect(h.activities).toHaveLength(1);
    h.advance(10_000);
    await h.settle();
    expect(h.activities[0]).toMatchObject({ status: "Successful", message: "Successfully set desired instance count to 5. Change successfully fulfilled by sagemaker." });
    // ScaleOutCooldown 120 s = 2 periods, counted from the capacity the scale-out started at (1):
    // ceil(1 x 40 / 10) = 4 is not above 5 and waits; ceil(1 x 60 / 10) = 6 is a larger scale-out.
    metric = 40;
    h.advance(1000);
    h.scaler.tick();
    expect(h.activities).toHaveLength(1);
    metric = 60;
    h.scaler.tick();
    expect(h.activities.at(-1)).toMatchObject({ description: "Setting desired instance count to 6." });
    await h.settle();
    // Once the cooldown is over the current capacity is the base again: ceil(6 x 11 / 10) = 7.
    metric = 11;
    h.advance(1000);
    h.scaler.tick();
    expect(h.activities).toHaveLength(2);
    h.advance(1500);
    h.scaler.tick();
    expect(h.activities.at(-1)).toMatchObject({ description: "Setting desired instance count to 7." });
  });

  it("does not scale out while DynamicScalingOutSuspended", () => {
    const h = harness({ metric: () => 50 });
    h.targets.push({ ...h.target, SuspendedState: { ...h.target.SuspendedState, DynamicScalingOutSuspended: true } });
    h.scaler.start();
    h.scaler.tick();
    expect(h.activities).toEqual([]);
  });

  it("records a refused change as a Failed activity with SageMaker's message", () => {
    const h = harness({ metric: () => 50 });
    h.targets.push(h.target);
    h.scaler.start();
    h.refuse("Cannot update in-progress endpoint");
    h.scaler.tick();
    expect(h.activities[0]).toMatchObject({ status: "Failed", message: "Cannot update in-progress endpoint" });
  });

  it("with no datapoints at all, does not scale in", () => {
    const h = harness({ metric: () => undefined });
    h.targets.push(h.target);
    h.endpoint.live.variants[0]!.desiredInstanceCount = 4;
    h.scaler.start();
    h.scaler.tick();
    expect(h.activities).toEqual([]);
  });
});
