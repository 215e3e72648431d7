import { describe, expect, it } from "vitest";
import { healthVerdict } from "./health-verdict";

describe("healthVerdict", () => {
  it("says no-traffic when nothing was called", () => {
    expect(healthVerdict({ distinctModelsCalled: 0, modelsCalledOnce: 0, unloads: 0 })).toMatchObject({ verdict: "no-traffic", advice: [] });
  });

  it("is healthy when nothing was unloaded, whatever the hit ratio (first loads miss)", () => {
    const v = healthVerdict({ cacheHitRatio: 0.5, unloads: 0, loadedModelCount: 4, distinctModelsCalled: 4, modelsCalledOnce: 0 });
    expect(v).toMatchObject({ verdict: "healthy", advice: [] });
    expect(v.sentence).toBe("Healthy: 50.0% of requests found their model loaded, 0 unloads, instances held at most 4 models, 4 models called.");
  });

  it("calls a low hit ratio with unloads thrashing, and advises a bigger type, more instances, the cheapest configuration, and no caching when most models are called once", () => {
    const v = healthVerdict({ cacheHitRatio: 0.42, unloads: 310, loadedModelCount: 3, distinctModelsCalled: 40, modelsCalledOnce: 25, suggestion: "2 × ml.g5.xlarge (LRU), $2,056/month" });
    expect(v.verdict).toBe("thrashing");
    expect(v.sentence).toBe(
      "Thrashing: 42.0% of requests found their model loaded, 310 unloads, instances held at most 3 models, 40 models called; requests keep waiting for models that were just evicted.",
    );
    expect(v.advice).toEqual([
      "The replay's cheapest configuration meeting the target: 2 × ml.g5.xlarge (LRU), $2,056/month.",
      "A bigger instance type: more memory per instance holds more models at once.",
      "More instances: each keeps its own cache, so together they hold more of the models called.",
      "ModelCacheSetting=Disabled (the endpoint config's MultiModelConfig): 25 of 40 models were called once, and caching them only evicts the others.",
    ]);
  });

  it("calls evictions with a good hit ratio tight when instances hold fewer models than are called, and leaves caching on when few are called once", () => {
    const v = healthVerdict({ cacheHitRatio: 0.93, unloads: 12, loadedModelCount: 5, distinctModelsCalled: 9, modelsCalledOnce: 1 });
    expect(v.verdict).toBe("tight");
    expect(v.advice.some((a) => a.startsWith("ModelCacheSetting"))).toBe(false);
    expect(v.advice).toHaveLength(2);
  });

  it("is healthy with a few unloads when every model called fits", () => {
    expect(healthVerdict({ cacheHitRatio: 0.95, unloads: 2, loadedModelCount: 9, distinctModelsCalled: 9, modelsCalledOnce: 0 }).verdict).toBe("healthy");
  });
});
