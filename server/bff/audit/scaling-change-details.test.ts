import { describe, expect, it } from "vitest";
import { scalableTargetRemoved, scalableTargetSet, scalingPolicyDeleted, scalingPolicySet, scheduledActionDeleted, scheduledActionSet } from "./scaling-change-details";

const ok = <R>(value?: R) => ({ result: "ok" as const, value });

describe("scaling changes in words", () => {
  it("says how min and max moved, or that the variant was registered", () => {
    expect(scalableTargetSet({ minCapacity: 2, maxCapacity: 5 }, ok({ previous: { minCapacity: 1, maxCapacity: 5 } }))).toBe("min 1 → 2, max 5");
    expect(scalableTargetSet({ minCapacity: 1, maxCapacity: 4 }, ok({}))).toBe("registered for scaling: min 1, max 4");
    expect(scalableTargetSet({ minCapacity: 1, maxCapacity: 4 }, { result: "error" })).toBe("scaling min 1, max 4");
    expect(scalableTargetRemoved(ok({ previous: { minCapacity: 1, maxCapacity: 4 } }))).toBe("deregistered from scaling (was min 1, max 4)");
    expect(scalableTargetRemoved({ result: "refused" })).toBe("deregister from scaling");
  });

  it("names a policy's metric, target, cooldowns and scale-in", () => {
    expect(scalingPolicySet({ name: "p", preset: "invocations", targetValue: 70, disableScaleIn: false }, ok({}))).toBe("policy p: invocations-per-instance target 70");
    expect(scalingPolicySet({ name: "p", preset: "gpu", targetValue: 60, scaleInCooldown: 300, scaleOutCooldown: 60, disableScaleIn: true }, ok({ previousTarget: 50 }))).toBe(
      "policy p: gpu-utilization target 50 → 60, scale-out cooldown 60 s, scale-in cooldown 300 s, scale-in off",
    );
    expect(scalingPolicyDeleted("p", ok())).toBe("deleted policy p");
  });

  it("describes a scheduled action's schedule and bounds", () => {
    expect(scheduledActionSet({ name: "night", schedule: "cron(0 20 * * ? *)", timezone: "Europe/Berlin", minCapacity: 1, maxCapacity: 2 })).toBe(
      "scheduled action night: cron(0 20 * * ? *) (Europe/Berlin) → min 1, max 2",
    );
    expect(scheduledActionSet({ name: "peak", schedule: "at(2026-12-24T18:00:00)", minCapacity: 3 })).toBe("scheduled action peak: at(2026-12-24T18:00:00) → min 3");
    expect(scheduledActionDeleted("night", { result: "error" })).toBe("delete scheduled action night");
  });
});
