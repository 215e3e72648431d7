import { describe, expect, it } from "vitest";
import { AWS_SAFETY_FACTOR, targetFromPeakPerMinute, targetFromPeakRps } from "./invocations-target";

describe("AWS's SageMakerVariantInvocationsPerInstance sizing", () => {
  it("multiplies a per-second peak by the safety factor and by 60", () => {
    expect(AWS_SAFETY_FACTOR).toBe(0.5);
    expect(targetFromPeakRps(10)).toBe(300);
    expect(targetFromPeakRps(10, 0.7)).toBe(420);
  });

  it("does not multiply a per-minute peak by 60", () => {
    expect(targetFromPeakPerMinute(140)).toBe(70);
    expect(targetFromPeakPerMinute(141)).toBe(71);
  });

  it("keeps one decimal for small targets and gives 0 for no traffic", () => {
    expect(targetFromPeakPerMinute(3)).toBe(1.5);
    expect(targetFromPeakPerMinute(0)).toBe(0);
    expect(targetFromPeakRps(Number.NaN)).toBe(0);
  });
});
