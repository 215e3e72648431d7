/**
 * The torch worker's frames (see torch_worker.py): an 8-byte prefix (u32 LE header length,
 * u32 LE body length), a JSON header, then the body: raw tensor bytes back to back. Tensors never
 * go through JSON, so a 6 MiB request costs one copy, not a number-to-text round trip.
 */
export type FrameHeader = Record<string, unknown> & { id: number };
export type Frame = { header: FrameHeader; body: Buffer };

const PREFIX_BYTES = 8;
/** A header is a few hundred bytes; anything near this means the stream is out of step. */
const MAX_HEADER_BYTES = 1024 * 1024;

export function encodeFrame(header: FrameHeader, body: readonly Uint8Array[] = []): Buffer[] {
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const bodyBytes = body.reduce((n, b) => n + b.byteLength, 0);
  const prefix = Buffer.allocUnsafe(PREFIX_BYTES);
  prefix.writeUInt32LE(json.length, 0);
  prefix.writeUInt32LE(bodyBytes, 4);
  return [prefix, json, ...body.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))];
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

/**
 * Reassembles frames from a byte stream that arrives in arbitrary pieces (a frame split over
 * many chunks, or many frames in one). Chunks are kept as they came and joined once per frame.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Feeds a chunk; returns every frame it completed. Throws FrameError on a corrupt stream. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < PREFIX_BYTES) return frames;
      const prefix = this.peek(PREFIX_BYTES);
      const headerBytes = prefix.readUInt32LE(0);
      const bodyBytes = prefix.readUInt32LE(4);
      if (headerBytes === 0 || headerBytes > MAX_HEADER_BYTES) throw new FrameError(`frame header of ${headerBytes} bytes: the stream is corrupt`);
      const total = PREFIX_BYTES + headerBytes + bodyBytes;
      if (this.buffered < total) return frames;
      const whole = this.take(total);
      let header: FrameHeader;
      try {
        header = JSON.parse(whole.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes).toString("utf8")) as FrameHeader;
      } catch {
        throw new FrameError("frame header is not JSON: the stream is corrupt");
      }
      frames.push({ header, body: whole.subarray(PREFIX_BYTES + headerBytes) });
    }
  }

  /** Bytes received that do not yet make a whole frame (a worker that died mid-frame). */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    const joined = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return joined.subarray(0, n);
  }
}
