const EMPTY = new Uint8Array(0);

/**
 * Reads an inflated stream as exact byte counts: header blocks, small contents, or views to
 * stream and skip, without copying file data. `onChunk` sees every chunk as it arrives; it may
 * throw to stop reading (the ratio guard does).
 */
export class ByteSource {
  private chunk: Uint8Array = EMPTY;
  private off = 0;
  private ended = false;
  /** Bytes handed out so far: the offset in the tar stream. */
  position = 0;

  constructor(
    private readonly readChunk: () => Promise<ReadableStreamReadResult<Uint8Array>>,
    private readonly onChunk: (bytes: number) => void,
  ) {}

  private async fill(): Promise<boolean> {
    while (this.off >= this.chunk.length) {
      if (this.ended) return false;
      const r = await this.readChunk();
      if (r.done) {
        this.ended = true;
        return false;
      }
      this.chunk = r.value;
      this.off = 0;
      this.onChunk(r.value.length);
    }
    return true;
  }

  /** The next n bytes; fewer only where the stream ends. */
  async read(n: number): Promise<Uint8Array> {
    if (!(await this.fill())) return EMPTY;
    if (this.chunk.length - this.off >= n) {
      const out = this.chunk.subarray(this.off, this.off + n);
      this.off += n;
      this.position += n;
      return out;
    }
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n && (await this.fill())) {
      const take = Math.min(n - got, this.chunk.length - this.off);
      out.set(this.chunk.subarray(this.off, this.off + take), got);
      this.off += take;
      got += take;
    }
    this.position += got;
    return got === n ? out : out.subarray(0, got);
  }

  /** The next chunk of at most n bytes, as a view; empty at the end of the stream. */
  async next(n: number): Promise<Uint8Array> {
    if (n <= 0 || !(await this.fill())) return EMPTY;
    const take = Math.min(n, this.chunk.length - this.off);
    const out = this.chunk.subarray(this.off, this.off + take);
    this.off += take;
    this.position += take;
    return out;
  }

  /** Discards up to n bytes; returns how many there were. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const got = await this.next(left);
      if (got.length === 0) break;
      left -= got.length;
    }
    return n - left;
  }
}
