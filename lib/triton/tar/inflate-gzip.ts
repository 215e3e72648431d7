import { ArchiveError } from "./archive-error";

/** What the inflater has been fed, shared with the reader's ratio guard and its error reports. */
export interface GzipInputState {
  /** Compressed bytes handed to the inflater so far. */
  compressedBytes: number;
  /** Set when the input itself is refused (not gzip): the inflater's own error would be vaguer. */
  failure?: ArchiveError;
  /** Set when reading the source failed (a network or disk error, not a bad archive). */
  sourceError?: unknown;
}

export interface GzipInflater {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  /** Stops everything: the source, the inflater. Safe to call more than once. */
  close(): Promise<void>;
}

// Pieces are sized so one inflates to about TARGET_OUT (deflate can reach ~1032:1): a bomb's
// zeros go in 4 KiB at a time, ordinary model data in 64 KiB pieces.
const MIN_PIECE = 1024;
const MAX_PIECE = 64 * 1024;
const FIRST_PIECE = 4 * 1024;
const TARGET_OUT = 4 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const EMPTY = new Uint8Array(0);

/**
 * Gunzips with the platform's DecompressionStream, feeding it compressed input only while the
 * reader is waiting for output. A plain pipeThrough would not do: Node's inflater inflates every
 * chunk it is given whatever the backpressure, so a pipe runs ahead and a bomb is inflated in
 * full before the reader sees a byte. Fed on demand, what is inflated is what was asked for,
 * plus what the inflater's own input buffer accepts before pushing back (16 KiB in Node), and
 * `compressedBytes` is what produced it.
 */
export function inflateGzip(source: ReadableStream<Uint8Array>, state: GzipInputState): GzipInflater {
  const input = source.getReader();
  const gunzip = new DecompressionStream("gzip");
  const writer = gunzip.writable.getWriter();
  const output = gunzip.readable.getReader();

  let pending: Uint8Array = EMPTY;
  let off = 0;
  let starved = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  let outputBytes = 0;
  let outputAtFeed = 0;
  let lastPiece = 0;
  let failFeeder!: (e: unknown) => void;
  const feederFailed = new Promise<never>((_, reject) => (failFeeder = reject));
  feederFailed.catch(() => {}); // observed through read(); never an unhandled rejection

  async function nextPiece(): Promise<Uint8Array | null> {
    while (off >= pending.length) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await input.read();
      } catch (e) {
        state.sourceError = e;
        throw e;
      }
      if (r.done) return null;
      pending = r.value;
      off = 0;
    }
    const ratio = lastPiece > 0 ? (outputBytes - outputAtFeed) / lastPiece : 0;
    const size = lastPiece === 0 ? FIRST_PIECE : Math.min(MAX_PIECE, Math.max(MIN_PIECE, Math.floor(TARGET_OUT / Math.max(ratio, 1))));
    const piece = pending.subarray(off, off + size);
    for (let i = 0; i < piece.length && state.compressedBytes + i < GZIP_MAGIC.length; i++) {
      if (piece[i] !== GZIP_MAGIC[state.compressedBytes + i]) {
        state.failure = new ArchiveError("not_gzip", "the file is not gzip-compressed (a Triton package is a .tar.gz)");
        throw state.failure;
      }
    }
    off += piece.length;
    state.compressedBytes += piece.length;
    lastPiece = piece.length;
    outputAtFeed = outputBytes;
    return piece;
  }

  void (async () => {
    try {
      for (;;) {
        while (!starved && !stopped) await new Promise<void>((resolve) => (wake = resolve));
        if (stopped) return;
        const piece = await nextPiece();
        if (stopped) return;
        if (piece === null) {
          await writer.close();
          return;
        }
        await writer.write(piece as Uint8Array<ArrayBuffer>);
      }
    } catch (e) {
      failFeeder(e);
      await writer.abort(e).catch(() => {});
    }
  })();

  return {
    async read() {
      const next = output.read();
      next.catch(() => {}); // when the feeder's failure wins the race below, this one rejects unobserved
      starved = true;
      wake?.();
      wake = null;
      try {
        const r = await Promise.race([next, feederFailed]);
        if (!r.done) outputBytes += r.value.length;
        return r;
      } finally {
        starved = false;
      }
    },
    async close() {
      if (stopped) return;
      stopped = true;
      wake?.();
      await Promise.allSettled([input.cancel(), output.cancel(), writer.abort()]);
    },
  };
}
