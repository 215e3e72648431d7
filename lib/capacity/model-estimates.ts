/**
 * What the planner assumes when nothing measured a model: one rule each, so the route, the CLI
 * and the benchmark's synthetic models agree. Both are rough and the answer says "estimated".
 */
const GiB = 1024 ** 3;

/** A package is a .tar.gz of weights, which compress little: about twice its size once unpacked and loaded. */
export const PACKAGE_TO_MEMORY = 2;

export function estimateMemoryBytes(packageBytes: number): number {
  return Math.round(packageBytes * PACKAGE_TO_MEMORY);
}

/** A cold load: 0.5 s to start plus 2 s per GiB loaded (download, unpack, load). */
export function estimateLoadMs(memoryBytes: number): number {
  return Math.round(500 + (2000 * memoryBytes) / GiB);
}
