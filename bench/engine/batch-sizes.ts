/**
 * Batch sizes whose running mean is `mean`: each is floor(mean) or ceil(mean), the i-th being
 * round((i + 1) * mean) - round(i * mean), so any run of them averages `mean` to within one row
 * over its length. The in-process floor replays the batcher's mean batch size with them.
 */
export function batchSizeSequence(mean: number, max: number): () => number {
  if (!(mean >= 1)) throw new Error(`mean batch size ${mean}: at least 1 row expected`);
  const m = Math.min(mean, max);
  let i = 0;
  return () => {
    const size = Math.round((i + 1) * m) - Math.round(i * m);
    i++;
    return size;
  };
}
