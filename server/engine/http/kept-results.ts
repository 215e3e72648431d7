/**
 * Results of a pure function kept by their key, at most `limit` of them (the oldest goes first
 * when full). SigV4 verification computes the same things again and again from what a client
 * repeats on every request: the day's signing key, the canonical SignedHeaders list, the
 * re-encoded path. Keys longer than `maxKeyLength` are computed each time, never kept, so a
 * client sending long distinct keys cannot make the memory grow past `limit` short ones.
 */
export class KeptResults<V> {
  private readonly kept = new Map<string, V>();

  constructor(
    private readonly limit: number,
    private readonly maxKeyLength = Infinity,
  ) {}

  get(key: string, make: (key: string) => V): V {
    const found = this.kept.get(key);
    if (found !== undefined) return found;
    const made = make(key);
    if (key.length <= this.maxKeyLength) {
      if (this.kept.size >= this.limit) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, made);
    }
    return made;
  }
}
