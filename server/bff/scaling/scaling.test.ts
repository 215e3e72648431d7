import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// The Scaling tab's use-cases against a real engine over HTTP, through the console's own client factory.
let engine: BffTestEngine;
let bff: {
  get: typeof import("./get-scaling").getScaling;
  register: typeof import("./register-scalable-target").registerScalableTarget;
  deregister: typeof import("./deregister-scalable-target").deregisterScalableTarget;
  putPolicy: typeof import("./put-scaling-policy").putScalingPolicy;
  deletePolicy: typeof import("./delete-scaling-policy").deleteScalingPolicy;
  putAction: typeof import("./put-scheduled-action").putScheduledAction;
  deleteAction: typeof import("./delete-scheduled-action").deleteScheduledAction;
  metrics: typeof import("./get-scaling-metrics").getScalingMetrics;
};

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "mme-models" });
  bff = {
    get: (await import("./get-scaling")).getScaling,
    register: (await import("./register-scalable-target")).registerScalableTarget,
    deregister: (await import("./deregister-scalable-target")).deregisterScalableTarget,
    putPolicy: (await import("./put-scaling-policy")).putScalingPolicy,
    deletePolicy: (await import("./delete-scaling-policy")).deleteScalingPolicy,
    putAction: (await import("./put-scheduled-action")).putScheduledAction,
    deleteAction: (await import("./delete-scheduled-action")).deleteScheduledAction,
    metrics: (await import("./get-scaling-metrics")).getScalingMetrics,
  };
});
afterAll(async () => engine?.close());

async function inService(name: string) {
  for (let i = 0; i < 300; i++) {
    if ((await engine.sm.send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus === "InService") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} never came InService`);
}

describe("scaling use-cases", () => {
  it("registers the variant, changes its range, puts and replaces a policy, adds a scheduled action, and deregisters", async () => {
    await engine.createMmeEndpoint("bff-scale", "s3://mme-models/bff-scale/");
    await inService("bff-scale");

    expect(await bff.get("bff-scale")).toMatchObject({ variant: "AllTraffic", resourceId: "endpoint/bff-scale/variant/AllTraffic", target: undefined, policies: [] });
    expect((await bff.register("bff-scale", { minCapacity: 1, maxCapacity: 3 })).previous).toBeUndefined();
    expect((await bff.register("bff-scale", { minCapacity: 1, maxCapacity: 4 })).previous).toEqual({ minCapacity: 1, maxCapacity: 3 });

    const settings = { name: "ipi", preset: "invocations" as const, targetValue: 70, disableScaleIn: false };
    expect((await bff.putPolicy("bff-scale", settings)).previousTarget).toBeUndefined();
    expect((await bff.putPolicy("bff-scale", { ...settings, targetValue: 90, scaleInCooldown: 600 })).previousTarget).toBe(70);
    await bff.putPolicy("bff-scale", { name: "gpu", preset: "gpu", targetValue: 60, disableScaleIn: true });
    await bff.putAction("bff-scale", { name: "evening", schedule: "cron(0 20 * * ? *)", timezone: "Europe/Berlin", maxCapacity: 2 });

    const view = await bff.get("bff-scale");
    expect(view.target).toMatchObject({ minCapacity: 1, maxCapacity: 4, suspended: false });
    const byName = Object.fromEntries(view.policies.map((p) => [p.name, p]));
    expect(byName.ipi).toMatchObject({ type: "TargetTrackingScaling", preset: "invocations", metric: "Invocations per instance", targetValue: 90, scaleInCooldown: 600, disableScaleIn: false });
    expect(byName.gpu).toMatchObject({ preset: "gpu", metric: "GPU utilization", targetValue: 60, disableScaleIn: true });
    expect(byName.ipi!.alarms.length).toBeGreaterThan(0);
    expect(view.scheduledActions).toEqual([expect.objectContaining({ name: "evening", schedule: "cron(0 20 * * ? *)", timezone: "Europe/Berlin", maxCapacity: 2 })]);
    expect(view.activitiesError).toBeUndefined();

    const m = await bff.metrics("bff-scale", { preset: "1h" });
    expect(m.insights).toMatchObject({ peakInvocationsPerMinute: undefined, peakHours: 24, coldStart: { models: [], instances: 1 } });
    expect(m.history.measured).toEqual([]);

    await bff.deletePolicy("bff-scale", "gpu");
    await bff.deleteAction("bff-scale", "evening");
    expect((await bff.deregister("bff-scale")).previous).toEqual({ minCapacity: 1, maxCapacity: 4 });
    expect(await bff.get("bff-scale")).toMatchObject({ target: undefined, policies: [], scheduledActions: [] });
  });

  it("answers a missing endpoint as the console's 404 and keeps the engine's refusal in its words", async () => {
    await expect(bff.get("no-such-endpoint")).rejects.toMatchObject({ code: "not_found" });
    await expect(bff.putPolicy("bff-scale", { name: "p", preset: "cpu", targetValue: 50, disableScaleIn: false })).rejects.toMatchObject({ name: "ObjectNotFoundException" });
  });
});
