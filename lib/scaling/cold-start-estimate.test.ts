import { describe, expect, it } from "vitest";
import { coldStartSentence, estimateColdStart } from "./cold-start-estimate";

describe("cold-start cost of a scale-out", () => {
  it("counts a busy model as loaded for sure and a rare one by its chance of arriving", () => {
    // 6000 requests an hour = 100 a minute: with 1 instance the new one gets half, certain within 5 minutes.
    // 6 an hour = 0.1 a minute: 1 − exp(−0.1·5/2) = 0.2212.
    const e = estimateColdStart({
      instances: 1,
      models: [
        { targetModel: "busy/v1.tar.gz", invocationsLastHour: 6000, loadSeconds: 2 },
        { targetModel: "rare/v1.tar.gz", invocationsLastHour: 6, loadSeconds: 10 },
      ],
    });
    expect(e.touched).toBe(2);
    expect(e.models).toBeCloseTo(1 + (1 - Math.exp(-0.25)), 6);
    expect(e.seconds).toBeCloseTo(2 + 10 * (1 - Math.exp(-0.25)), 6);
    expect(e.measured).toBe(true);
  });

  it("falls back to the endpoint's load time for a model with none of its own", () => {
    const e = estimateColdStart({ instances: 0, endpointLoadSeconds: 4, models: [{ targetModel: "a", invocationsLastHour: 600 }] });
    expect(e.models).toBeCloseTo(1, 6);
    expect(e.seconds).toBeCloseTo(4, 6);
  });

  it("leaves out models with no traffic and says when no load was measured", () => {
    const e = estimateColdStart({ instances: 2, models: [{ targetModel: "a", invocationsLastHour: 0 }, { targetModel: "b", invocationsLastHour: 6000 }] });
    expect(e.touched).toBe(1);
    expect(e.measured).toBe(false);
    expect(coldStartSentence(e)).toBe("A new instance will load about 1 model in its first 5 minutes; no load time has been measured yet to say how long that takes.");
  });

  it("says it in words", () => {
    expect(coldStartSentence({ touched: 40, models: 12.4, seconds: 31.2, measured: true, minutes: 5 })).toBe(
      "A new instance will load about 12 models in its first 5 minutes, adding about 31 s of loading wait.",
    );
    expect(coldStartSentence({ touched: 3, models: 0.4, seconds: 0.62, measured: true, minutes: 5 })).toBe(
      "A new instance will load at most 1 model in its first 5 minutes, adding about 0.6 s of loading wait.",
    );
    expect(coldStartSentence({ touched: 0, models: 0, seconds: 0, measured: false, minutes: 5 })).toMatch(/No model was invoked/);
  });
});
