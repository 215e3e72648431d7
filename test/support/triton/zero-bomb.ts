import { constants, crc32, deflateRawSync } from "node:zlib";
import { buildTar } from "./build-tar";

const MiB = 1024 * 1024;

export interface ZeroBomb {
  stream: ReadableStream<Uint8Array>;
  /** Exact size of the .tar.gz the stream produces. */
  compressedSize: number;
  /** Compressed bytes the stream has handed out so far. */
  served: () => number;
}

/**
 * A .tar.gz holding one zero-filled entry of `bytes` (e.g. 3 GB), produced on the fly in
 * ~3 MB: one deflate block of 1 MiB of zeros, flushed so it stands alone, repeated. Nothing large
 * is ever held in memory or on disk. `declaredSize` makes the header lie about the entry's size.
 */
export function zeroBomb({ name = "bomb/1/model.onnx", bytes, declaredSize = bytes }: { name?: string; bytes: number; declaredSize?: number }): ZeroBomb {
  const tarHeader = buildTar([{ name, size: declaredSize }], { endMarker: false });
  const full = { finishFlush: constants.Z_FULL_FLUSH };
  const headerPart = deflateRawSync(tarHeader, full);
  const zeros = deflateRawSync(Buffer.alloc(MiB), full);
  // The entry's data, its padding and the end-of-archive blocks: all zeros, whole MiBs plus a rest.
  const zeroTotal = Math.ceil(bytes / 512) * 512 + 1024;
  const wholeMiBs = Math.floor(zeroTotal / MiB);
  const rest = deflateRawSync(Buffer.alloc(zeroTotal % MiB), full);
  const final = deflateRawSync(Buffer.alloc(0)); // the last (empty) block
  const gzipHeader = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3);
  const compressedSize = gzipHeader.length + headerPart.length + wholeMiBs * zeros.length + rest.length + final.length + 8;

  let served = 0;
  let sent = 0;
  let step = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const push = (b: Uint8Array) => {
        served += b.length;
        controller.enqueue(Uint8Array.from(b));
      };
      if (step === 0) {
        push(gzipHeader);
        push(headerPart);
        step = 1;
      } else if (step === 1 && sent < wholeMiBs) {
        push(zeros);
        sent++;
      } else if (step === 1) {
        push(rest);
        push(final);
        // The trailer is only reached when a reader failed to stop: computing its CRC then is slow but honest.
        let crc = crc32(tarHeader);
        const mib = Buffer.alloc(MiB);
        for (let i = 0; i < wholeMiBs; i++) crc = crc32(mib, crc);
        crc = crc32(Buffer.alloc(zeroTotal % MiB), crc);
        const trailer = new Uint8Array(8);
        const view = new DataView(trailer.buffer);
        view.setUint32(0, crc >>> 0, true);
        view.setUint32(4, (tarHeader.length + zeroTotal) % 2 ** 32, true);
        push(trailer);
        controller.close();
      }
    },
  });
  return { stream, compressedSize, served: () => served };
}
