import type { CandidateConfig, SimulationOutcome } from "./capacity-types";
import type { RequestTrace } from "./poisson-placement";
import { simulateConfig } from "./simulate-config";
import type { ModelTable } from "./simulate-fleet";

const MINUTE_MS = 60_000;

/**
 * A recorded trace replayed one request at a time: `models[i]` is the model of the i-th request,
 * each sent once the one before it was answered (the engine replay of issue 18's proof). As a
 * RequestTrace: request i at i × (the longest load + 1 ms), so every load, and so every answer,
 * ends before the next request arrives. No request then joins a load under way and every
 * instance is idle when the next one is routed, as on an engine that serves them one by one.
 * (A trace recorded with its own timing is a RequestTrace already: simulateConfig takes it.)
 */
export function sequentialTrace(models: ArrayLike<number>, table: ModelTable): RequestTrace {
  let longest = 0;
  for (let i = 0; i < table.loadMs.length; i++) longest = Math.max(longest, table.loadMs[i]!);
  const gap = Math.ceil(longest) + 1;
  const n = models.length;
  const model = new Uint32Array(n);
  const atMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    model[i] = models[i]!;
    atMs[i] = i * gap;
  }
  return { model, atMs, minutes: Math.max(1, Math.ceil((n * gap) / MINUTE_MS)) };
}

/** The prediction for a recorded trace replayed one request at a time through `config`. */
export function simulateRecordedTrace(models: ArrayLike<number>, table: ModelTable, config: CandidateConfig): SimulationOutcome {
  return simulateConfig(sequentialTrace(models, table), table, config);
}
