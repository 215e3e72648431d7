import { describe, expect, it } from "vitest";
import { readEngineConfig } from "../../../config";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("MME_ENGINE_SCALING_PERIOD_S", () => {
  it("defaults to AWS's 60-second metric period", () => {
    expect(readEngineConfig(env({})).scalingPeriodS).toBe(60);
  });

  it("takes the periods GetMetricData takes: 1, 5, 10, 30 or a multiple of 60", () => {
    for (const p of ["1", "5", "10", "30", "60", "120"]) expect(readEngineConfig(env({ MME_ENGINE_SCALING_PERIOD_S: p })).scalingPeriodS).toBe(Number(p));
    for (const p of ["0", "7", "90", "-1", "1.5", "x"]) expect(() => readEngineConfig(env({ MME_ENGINE_SCALING_PERIOD_S: p }))).toThrow(/MME_ENGINE_SCALING_PERIOD_S must be/);
  });
});
