import type { ModelTraffic } from "./capacity-types";

/**
 * Traffic by minute, sparse: for minute t, the models with requests are
 * `model[start[t] .. start[t+1])` with `count[...]` requests each, in model id order. Typed
 * arrays, so that worker threads can share them.
 */
export type MinuteTraffic = {
  models: number;
  minutes: number;
  start: Uint32Array;
  model: Uint32Array;
  count: Uint32Array;
  totalRequests: number;
};

/**
 * Lays the models' calls out by minute over a range of `minutes` (a counting sort: one pass to
 * check them and count each minute's cells, one to place them). Counts are rounded to whole
 * requests; a negative or NaN count, or a minute out of the range or out of order, is refused
 * with a sentence naming the model.
 */
export function buildMinuteTraffic(models: readonly Pick<ModelTraffic, "name" | "calls">[], minutes: number): MinuteTraffic {
  const start = new Uint32Array(minutes + 1);
  let cells = 0;
  for (const m of models) {
    const { minute, count } = m.calls;
    if (minute.length !== count.length) throw new Error(`model ${m.name} has ${minute.length} minutes but ${count.length} counts`);
    let last = -1;
    for (let k = 0; k < minute.length; k++) {
      const t = minute[k]!;
      const c = count[k]!;
      if (!(Number.isInteger(t) && t > last && t < minutes)) {
        throw new Error(`model ${m.name}: minute ${t} ${t >= minutes || t < 0 ? `is outside the range's ${minutes} minutes` : `comes after minute ${last} (minutes must ascend, each once)`}`);
      }
      if (!(c >= 0)) throw new Error(`model ${m.name} has ${c} requests in minute ${t}`);
      last = t;
      if (c > 0.5) {
        start[t + 1]!++;
        cells++;
      }
    }
  }
  for (let t = 0; t < minutes; t++) start[t + 1]! += start[t]!;
  const cursor = start.slice(0, minutes);
  const model = new Uint32Array(cells);
  const count = new Uint32Array(cells);
  let totalRequests = 0;
  // Models in id order, so each minute's cells are too.
  for (let id = 0; id < models.length; id++) {
    const calls = models[id]!.calls;
    for (let k = 0; k < calls.minute.length; k++) {
      const c = calls.count[k]!;
      if (!(c > 0.5)) continue;
      const at = cursor[calls.minute[k]!]!++;
      model[at] = id;
      count[at] = Math.round(c);
      totalRequests += count[at]!;
    }
  }
  return { models: models.length, minutes, start, model, count, totalRequests };
}
