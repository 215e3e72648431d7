/**
 * A mergeable log-bucketed histogram (after DDSketch, Masson et al. 2019): a value v > 0 falls in
 * bin ceil(log_γ v) with γ = (1 + α) / (1 − α), and every bin is answered by one value within a
 * relative error α of all the values it holds. Two sketches merge by adding their bins, so
 * per-second buckets combine into any period without keeping the values.
 * CloudWatch has no percentiles for negative values, so negatives are never added here; zero
 * (and anything below MIN_INDEXABLE) is counted apart.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MIN_INDEXABLE = 1e-300;
/**
 * Bounds a sketch's size: ~2,400 bins cover 1e-9..1e12 at 1%; beyond this the lowest bins fold
 * into their neighbour (low percentiles of absurd ranges lose accuracy, high ones never do).
 */
const MAX_BINS = 4096;

export class ValueSketch {
  zeroCount = 0;
  readonly bins = new Map<number, number>();
  /** After a collapse, lower indices fold into this one (DDSketch's collapsing lowest store). */
  private floor = -Infinity;

  add(value: number, weight = 1): void {
    if (value < MIN_INDEXABLE) {
      this.zeroCount += weight;
      return;
    }
    const index = Math.max(this.floor, Math.ceil(Math.log(value) / LOG_GAMMA));
    this.bins.set(index, (this.bins.get(index) ?? 0) + weight);
    if (this.bins.size > MAX_BINS) this.collapseLowest();
  }

  merge(other: ValueSketch): void {
    this.zeroCount += other.zeroCount;
    this.floor = Math.max(this.floor, other.floor);
    for (const [i, weight] of other.bins) {
      const index = Math.max(this.floor, i);
      this.bins.set(index, (this.bins.get(index) ?? 0) + weight);
    }
    if (this.bins.size > MAX_BINS) this.collapseLowest();
  }

  get count(): number {
    let total = this.zeroCount;
    for (const weight of this.bins.values()) total += weight;
    return total;
  }

  /**
   * The value of rank `q * count` (0 ≤ q ≤ 1): the first bin whose cumulative weight reaches
   * it, answered by the bin's midpoint in relative terms, 2γ^i / (γ + 1).
   */
  quantile(q: number): number | undefined {
    const total = this.count;
    if (total <= 0) return undefined;
    const target = q * total;
    let cumulative = this.zeroCount;
    if (cumulative > 0 && reaches(cumulative, target, total)) return 0;
    const indices = [...this.bins.keys()].sort((a, b) => a - b);
    for (const index of indices) {
      cumulative += this.bins.get(index)!;
      if (reaches(cumulative, target, total)) return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
    }
    return (2 * Math.pow(GAMMA, indices[indices.length - 1]!)) / (GAMMA + 1);
  }

  /** [zeroCount, index₁, weight₁, index₂, weight₂, ...] as float64s. */
  encode(): Buffer {
    const out = new Float64Array(1 + this.bins.size * 2);
    out[0] = this.zeroCount;
    let i = 1;
    for (const [index, weight] of this.bins) {
      out[i++] = index;
      out[i++] = weight;
    }
    return Buffer.from(out.buffer);
  }

  static decode(blob: Buffer): ValueSketch {
    const data = new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
    const sketch = new ValueSketch();
    sketch.zeroCount = data[0] ?? 0;
    for (let i = 1; i + 1 < data.length; i += 2) sketch.bins.set(data[i]!, data[i + 1]!);
    // A collapsed sketch holds exactly the bins from its floor up: the lowest bin is the floor.
    if (sketch.bins.size >= Math.floor(MAX_BINS * 0.9)) sketch.floor = Math.min(...sketch.bins.keys());
    return sketch;
  }

  /** Folds down to 90% of MAX_BINS, so a stream of new high bins sorts once per 400 adds, not each. */
  private collapseLowest(): void {
    const indices = [...this.bins.keys()].sort((a, b) => a - b);
    const excess = indices.length - Math.floor(MAX_BINS * 0.9);
    const into = indices[excess]!;
    let moved = 0;
    for (let i = 0; i < excess; i++) {
      moved += this.bins.get(indices[i]!)!;
      this.bins.delete(indices[i]!);
    }
    this.bins.set(into, this.bins.get(into)! + moved);
    this.floor = into;
  }
}

/**
 * Cumulative weight has reached the target rank. The tolerance keeps 0.99 × 100 (which is
 * 99.00000000000001 in floating point) from skipping to the 100th value.
 */
export function reaches(cumulative: number, target: number, total: number): boolean {
  return cumulative >= target - total * 1e-12;
}
