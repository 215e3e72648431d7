import "server-only";
import type { CapacityHealthView } from "@/lib/schemas/capacity";

/** Below this hit ratio, with models being unloaded, the cache is thrashing: most misses reload a model it just evicted. */
export const THRASHING_HIT_RATIO = 0.8;
/** Models called once are worth not caching (ModelCacheSetting=Disabled) when they are at least this share of those called. */
const CALLED_ONCE_SHARE = 0.5;

export type HealthFigures = {
  /** ModelCacheHit's average over the range (undefined: no request had a cache verdict). */
  cacheHitRatio?: number;
  /** ModelUnloadingTime's sample count: one per model unloaded. */
  unloads?: number;
  /** LoadedModelCount's maximum: the most models one instance held. */
  loadedModelCount?: number;
  distinctModelsCalled: number;
  modelsCalledOnce: number;
  /** The cheapest configuration meeting the target, in words ("2 × ml.g5.xlarge, $2,055/month"), when it differs from the current one. */
  suggestion?: string;
};

/**
 * The endpoint's cache in one line, from SageMaker's own metrics over the range:
 *   no-traffic  nothing was called;
 *   thrashing   the hit ratio is under THRASHING_HIT_RATIO and models were unloaded;
 *   tight       models were unloaded and no instance ever held as many models as were called,
 *               but the hit ratio holds up;
 *   healthy     otherwise (nothing unloaded, or room for every model called).
 */
export function healthVerdict(f: HealthFigures): CapacityHealthView {
  const figures = { cacheHitRatio: f.cacheHitRatio, unloads: f.unloads, loadedModelCount: f.loadedModelCount, distinctModelsCalled: f.distinctModelsCalled };
  if (f.distinctModelsCalled === 0) return { verdict: "no-traffic", sentence: "No model was called in the range: there is nothing to plan from.", advice: [], ...figures };
  const unloads = f.unloads ?? 0;
  const hit = f.cacheHitRatio;
  const held = f.loadedModelCount === undefined ? "" : `, instances held at most ${Math.round(f.loadedModelCount)} model${Math.round(f.loadedModelCount) === 1 ? "" : "s"}`;
  const facts = `${hit === undefined ? "no cache verdicts were recorded" : `${percent(hit)} of requests found their model loaded`}, ${unloads} unload${unloads === 1 ? "" : "s"}${held}, ${f.distinctModelsCalled} model${f.distinctModelsCalled === 1 ? "" : "s"} called`;
  const thrashing = unloads > 0 && hit !== undefined && hit < THRASHING_HIT_RATIO;
  const tight = unloads > 0 && f.loadedModelCount !== undefined && f.loadedModelCount < f.distinctModelsCalled;
  if (!thrashing && !tight) return { verdict: "healthy", sentence: `Healthy: ${facts}.`, advice: [], ...figures };
  const advice: string[] = [];
  if (f.suggestion) advice.push(`The replay's cheapest configuration meeting the target: ${f.suggestion}.`);
  advice.push("A bigger instance type: more memory per instance holds more models at once.");
  advice.push("More instances: each keeps its own cache, so together they hold more of the models called.");
  if (f.modelsCalledOnce > 0 && f.modelsCalledOnce >= CALLED_ONCE_SHARE * f.distinctModelsCalled) {
    advice.push(
      `ModelCacheSetting=Disabled (the endpoint config's MultiModelConfig): ${f.modelsCalledOnce} of ${f.distinctModelsCalled} models were called once, and caching them only evicts the others.`,
    );
  }
  return thrashing
    ? { verdict: "thrashing", sentence: `Thrashing: ${facts}; requests keep waiting for models that were just evicted.`, advice, ...figures }
    : { verdict: "tight", sentence: `Tight: ${facts}; the cache evicts to make room, though most requests still hit.`, advice, ...figures };
}

function percent(r: number): string {
  return `${(r * 100).toFixed(r >= 0.995 || r < 0.1 ? 0 : 1)}%`;
}
