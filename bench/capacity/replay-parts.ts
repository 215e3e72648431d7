import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import type { CandidateConfig, ModelTraffic } from "@/lib/capacity/capacity-types";
import { buildMinuteTraffic } from "@/lib/capacity/minute-traffic";
import { placeRequests } from "@/lib/capacity/poisson-placement";
import { modelTable, simulateConfig } from "@/lib/capacity/simulate-config";

/**
 * `npm run bench:capacity -- --parts`: the replay's parts one by one, in this thread — building
 * the sparse traffic, placing the requests, each configuration's replay — with a digest of the
 * trace and of every outcome, so that an optimisation can be shown to change no result. With a
 * CPU profile (tsx folds each file onto one line; bundle it with esbuild for line ticks):
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/capacity/run.ts --parts --parts-policy engine
 */
export function replayParts(models: readonly ModelTraffic[], minutes: number, configs: readonly CandidateConfig[], seed: number, log: (msg: string) => void): void {
  log(`load average ${loadavg()[0]!.toFixed(2)}`);
  let t = performance.now();
  const traffic = buildMinuteTraffic(models, minutes);
  log(`buildMinuteTraffic ${seconds(t)} s`);
  t = performance.now();
  const trace = placeRequests(traffic, seed);
  log(`placeRequests ${seconds(t)} s (${trace.model.length} requests)`);
  log(`trace digest ${digest(new Uint8Array(trace.model.buffer), new Uint8Array(trace.atMs.buffer))}`);
  const table = modelTable(models);
  const all: string[] = [];
  let total = 0;
  for (const config of configs) {
    t = performance.now();
    const outcome = simulateConfig(trace, table, config);
    total += (performance.now() - t) / 1000;
    const json = JSON.stringify(outcome);
    all.push(json);
    log(`${config.instanceType} × ${config.count} ${config.policy.padEnd(6)} ${seconds(t)} s  ${digest(json)}  hits ${outcome.hits}, cold loads ${outcome.coldLoads}`);
  }
  log(`replays ${total.toFixed(3)} s; outcomes digest ${digest(...all)}; load average ${loadavg()[0]!.toFixed(2)}`);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(3);
}

function digest(...parts: (string | Uint8Array)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
}
