import type { PolicyAlarms } from "./target-tracking-alarms";

/** SageMaker endpoint variants' default cooldowns: 300 s each (TargetTrackingScalingPolicyConfiguration, API reference). */
export const DEFAULT_COOLDOWN_S = 300;

export type PolicyState = {
  policyName: string;
  targetValue: number;
  alarms: PolicyAlarms;
  disableScaleIn: boolean;
  alarmHighName: string;
  alarmLowName: string;
};

/** Cooldowns in force for one scalable target, as epoch ms they end at. */
export type Cooldowns = {
  /** After a scale-out completed, from the capacity it started at: only a larger scale-out until then. */
  scaleOut?: { until: number; from: number };
  /** After a scale-in completed: no scale-in until then. */
  scaleIn?: { until: number };
};

export type ScalingDecision = { direction: "out" | "in"; capacity: number; policyName: string; alarmName: string };

/**
 * Target tracking's decision for one scalable target at `now`, following the Application Auto
 * Scaling user guide (application-auto-scaling-target-tracking.md) and API reference:
 * - the new capacity is the current one times metric / target, rounded up ("acts conservatively by
 *   rounding up or down": up adds enough, and on the way in keeps enough), within [min, max];
 * - with several policies it scales out if any is ready to, and in only if every policy whose
 *   scale-in is enabled is ready to; either way to the largest capacity any of them gives;
 * - DisableScaleIn takes a policy out of scale-in altogether;
 * - during a scale-out cooldown the policy "won't increase the desired capacity again unless ... a
 *   larger scale out is triggered", and "the capacity added by the initiating scale-out activity is
 *   calculated as part of the desired capacity for the next" (the step scaling example: +2, then
 *   +3 during the cooldown, adds 1): so the new capacity is computed from the capacity before the
 *   initiating scale-out, and applied only when above the current one;
 * - during a scale-in cooldown scale-in is blocked, but a scale-out happens at once.
 */
export function decideScaling(input: { current: number; min: number; max: number; policies: readonly PolicyState[]; cooldowns: Cooldowns; now: number }): ScalingDecision | undefined {
  const { current, min, max, policies, cooldowns, now } = input;
  const capacityFor = (p: PolicyState, base = current) => clamp(Math.ceil((base * p.alarms.latest!) / p.targetValue), min, max);

  const outBase = cooldowns.scaleOut && now < cooldowns.scaleOut.until ? cooldowns.scaleOut.from : current;
  const outs = policies.filter((p) => p.alarms.high === "ALARM" && p.alarms.latest !== undefined).map((p) => ({ p, capacity: capacityFor(p, outBase) }));
  const out = largest(outs);
  if (out && out.capacity > current) return { direction: "out", capacity: out.capacity, policyName: out.p.policyName, alarmName: out.p.alarmHighName };
  if (outs.length > 0) return undefined;

  const scaleInPolicies = policies.filter((p) => !p.disableScaleIn);
  if (scaleInPolicies.length === 0) return undefined;
  if (!scaleInPolicies.every((p) => p.alarms.low === "ALARM" && p.alarms.latest !== undefined)) return undefined;
  const inn = largest(scaleInPolicies.map((p) => ({ p, capacity: capacityFor(p) })));
  if (!inn || inn.capacity >= current) return undefined;
  if (cooldowns.scaleIn && now < cooldowns.scaleIn.until) return undefined;
  return { direction: "in", capacity: inn.capacity, policyName: inn.p.policyName, alarmName: inn.p.alarmLowName };
}

/**
 * A cooldown in engine time: AWS's cooldowns are seconds against 60-second periods, so with a
 * period of P seconds they last cooldown × P / 60 (300 s is 5 periods either way).
 */
export function cooldownMs(cooldownS: number | undefined, periodS: number): number {
  return ((cooldownS ?? DEFAULT_COOLDOWN_S) * periodS * 1000) / 60;
}

export function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

function largest<T extends { capacity: number }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>((best, i) => (!best || i.capacity > best.capacity ? i : best), undefined);
}
