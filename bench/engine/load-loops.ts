import { elapsedUs } from "./percentiles";

/** One request (or one in-process inference): resolves when it is done, throws when it failed. */
export type Op = () => Promise<unknown>;

/** Runs `op` `count` times one after another and returns each latency in microseconds. */
export async function sequentialLatencies(op: Op, count: number): Promise<Float64Array> {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await op();
    out[i] = elapsedUs(t);
  }
  return out;
}

/** `concurrency` workers each run `op` back to back until `durationMs` has passed. */
export async function closedLoopThroughput(op: Op, concurrency: number, durationMs: number): Promise<{ completed: number; errors: number; seconds: number; rps: number }> {
  let completed = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  const worker = async () => {
    while (Date.now() < deadline) {
      try {
        await op();
        completed++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = elapsedUs(start) / 1e6;
  return { completed, errors, seconds, rps: completed / seconds };
}

/** Calls `fn(i)` for i in 0..count-1 with at most `concurrency` in flight. */
export async function forEachConcurrent(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
