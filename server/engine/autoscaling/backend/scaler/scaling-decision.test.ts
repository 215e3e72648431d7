import { describe, expect, it } from "vitest";
import { cooldownMs, decideScaling, type PolicyState } from "./scaling-decision";
import type { PolicyAlarms } from "./target-tracking-alarms";

const high = (latest: number): PolicyAlarms => ({ high: "ALARM", low: "OK", latest });
const low = (latest: number): PolicyAlarms => ({ high: "OK", low: "ALARM", latest });
const steady = (latest: number): PolicyAlarms => ({ high: "OK", low: "OK", latest });

function policy(name: string, targetValue: number, alarms: PolicyAlarms, disableScaleIn = false): PolicyState {
  return { policyName: name, targetValue, alarms, disableScaleIn, alarmHighName: `${name}-AlarmHigh`, alarmLowName: `${name}-AlarmLow` };
}

const base = { current: 2, min: 1, max: 10, cooldowns: {}, now: 1_000_000 };

describe("target tracking's decision", () => {
  it("scales out to ceil(current x metric / target), within max", () => {
    expect(decideScaling({ ...base, policies: [policy("p", 10, high(25))] })).toEqual({ direction: "out", capacity: 5, policyName: "p", alarmName: "p-AlarmHigh" });
    expect(decideScaling({ ...base, max: 4, policies: [policy("p", 10, high(25))] })?.capacity).toBe(4);
  });

  it("does nothing at max capacity", () => {
    expect(decideScaling({ ...base, current: 4, max: 4, policies: [policy("p", 10, high(25))] })).toBeUndefined();
  });

  it("scales in to ceil(current x metric / target), never below min", () => {
    expect(decideScaling({ ...base, current: 6, policies: [policy("p", 10, low(3))] })).toEqual({ direction: "in", capacity: 2, policyName: "p", alarmName: "p-AlarmLow" });
    expect(decideScaling({ ...base, current: 6, min: 3, policies: [policy("p", 10, low(1))] })?.capacity).toBe(3);
    expect(decideScaling({ ...base, current: 1, policies: [policy("p", 10, low(1))] })).toBeUndefined();
  });

  it("DisableScaleIn: that policy never scales in", () => {
    expect(decideScaling({ ...base, current: 6, policies: [policy("p", 10, low(1), true)] })).toBeUndefined();
    expect(decideScaling({ ...base, policies: [policy("p", 10, high(25), true)] })?.direction).toBe("out");
  });

  it("several policies: out if any is ready, to the largest capacity; in only if all that may scale in are", () => {
    const out = decideScaling({ ...base, policies: [policy("a", 10, high(15)), policy("b", 10, high(40)), policy("c", 10, low(1))] });
    expect(out).toMatchObject({ direction: "out", capacity: 8, policyName: "b" });
    expect(decideScaling({ ...base, current: 6, policies: [policy("a", 10, low(1)), policy("b", 10, steady(8))] })).toBeUndefined();
    expect(decideScaling({ ...base, current: 6, policies: [policy("a", 10, low(1)), policy("b", 10, steady(8), true)] })?.capacity).toBe(1);
    expect(decideScaling({ ...base, current: 6, policies: [policy("a", 10, low(1)), policy("b", 10, low(5))] })).toMatchObject({ direction: "in", capacity: 3, policyName: "b" });
  });

  it("during a scale-out cooldown what it added counts: only a larger scale-out happens", () => {
    // 1 -> 3 began the cooldown: the next capacity is computed from 1.
    const cooldowns = { scaleOut: { until: base.now + 1, from: 1 } };
    expect(decideScaling({ ...base, current: 3, cooldowns, policies: [policy("p", 10, high(25))] })).toBeUndefined();
    expect(decideScaling({ ...base, current: 3, cooldowns, policies: [policy("p", 10, high(40))] })?.capacity).toBe(4);
    expect(decideScaling({ ...base, current: 3, cooldowns: { scaleOut: { until: base.now, from: 1 } }, policies: [policy("p", 10, high(25))] })?.capacity).toBe(8);
  });

  it("a scale-in cooldown blocks scale-in, never scale-out", () => {
    const cooldowns = { scaleIn: { until: base.now + 1 } };
    expect(decideScaling({ ...base, current: 6, cooldowns, policies: [policy("p", 10, low(1))] })).toBeUndefined();
    expect(decideScaling({ ...base, current: 6, cooldowns, policies: [policy("p", 10, high(20))] })?.capacity).toBe(10);
  });

  it("cooldowns are AWS's seconds against 60-second periods: 300 s is 5 periods", () => {
    expect(cooldownMs(undefined, 60)).toBe(300_000);
    expect(cooldownMs(undefined, 1)).toBe(5_000);
    expect(cooldownMs(120, 1)).toBe(2_000);
  });
});
