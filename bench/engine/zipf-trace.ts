import { elapsedUs } from "./percentiles";
import type { ClientResponse } from "./keep-alive-client";

export type TraceRun = {
  latenciesUs: Float64Array;
  /** From the `x-mme-model-cache` response header. */
  hits: number;
  misses: number;
  /** Answers without the header (counted neither as hit nor miss). */
  unlabelled: number;
  errors: number;
  /** 429 ModelNotReadyException answers that were retried (the SDK would retry them too). */
  retries: number;
  errorSamples: string[];
  seconds: number;
};

/**
 * Replays `trace` (model ids) against the engine with `concurrency` requests in flight, in trace
 * order. A 429 (ModelNotReadyException: the model is still loading for another request) is
 * retried after a short pause, as an SDK client would; its latency includes the waits. Any other
 * non-200 answer, or a transport error, is an error.
 */
export async function replayTrace(opts: {
  trace: ArrayLike<number>;
  keyOf: (id: number) => string;
  send: (targetModel: string) => Promise<ClientResponse>;
  concurrency: number;
  /** Throws if an answer's body is wrong; applied to the first 100 answers and every 1000th. */
  check?: (body: Buffer) => void;
  onProgress?: (done: number) => void;
}): Promise<TraceRun> {
  const n = opts.trace.length;
  const latenciesUs = new Float64Array(n);
  let hits = 0;
  let misses = 0;
  let unlabelled = 0;
  let errors = 0;
  let retries = 0;
  let done = 0;
  const errorSamples: string[] = [];
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const key = opts.keyOf(opts.trace[i]!);
      const t = process.hrtime.bigint();
      let outcome = "";
      for (let attempt = 0; ; attempt++) {
        let res: ClientResponse;
        try {
          res = await opts.send(key);
        } catch (e) {
          outcome = `transport: ${e instanceof Error ? e.message : String(e)}`;
          break;
        }
        if (res.status === 429 && attempt < 2000) {
          retries++;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        if (res.status !== 200) {
          outcome = `HTTP ${res.status} ${key}: ${res.body.toString("utf8").slice(0, 200)}`;
          break;
        }
        if (opts.check && (i < 100 || i % 1000 === 0)) {
          try {
            opts.check(res.body);
          } catch (e) {
            outcome = `wrong answer for ${key}: ${e instanceof Error ? e.message : String(e)}`;
            break;
          }
        }
        const label = res.headers["x-mme-model-cache"];
        if (label === "hit") hits++;
        else if (label === "miss") misses++;
        else unlabelled++;
        break;
      }
      latenciesUs[i] = elapsedUs(t);
      if (outcome) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(outcome);
      }
      done++;
      if (opts.onProgress && done % 10_000 === 0) opts.onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { latenciesUs, hits, misses, unlabelled, errors, retries, errorSamples, seconds: elapsedUs(start) / 1e6 };
}
