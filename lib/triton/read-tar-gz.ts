import { formatBytes } from "../format-bytes";
import { ArchiveError } from "./tar/archive-error";
import { classifyStreamError } from "./tar/classify-stream-error";
import { ByteSource } from "./tar/byte-source";
import { inflateGzip, type GzipInputState } from "./tar/inflate-gzip";
import { BLOCK, isZeroBlock, parsePaxRecords, parseTarHeader } from "./tar/tar-header";

export type TarEntryType = "file" | "directory" | "symlink" | "hardlink" | "char-device" | "block-device" | "fifo" | "unsupported";

export interface TarEntry {
  /** The name as the archive gives it, after pax and GNU long-name overrides. Not yet checked: see entry-path.ts. */
  path: string;
  type: TarEntryType;
  /** The raw type flag, for messages about unsupported entries. */
  typeflag: string;
  /** Declared data size in bytes. */
  size: number;
  mode: number;
  linkTarget?: string;
  /** pax GNU.sparse.* keys: the data is a sparse map, not the file. */
  sparse?: boolean;
}

export interface TarEntryHandle extends TarEntry {
  /** The whole data in memory; only for small entries (the caller checks `size` first). */
  readContent(): Promise<Uint8Array>;
  /** The data as it inflates, as views valid until the next chunk. Unread data is skipped when the next entry is asked for. */
  chunks(): AsyncGenerator<Uint8Array>;
}

export interface ReadTarGzOptions {
  /** Inflated/compressed ratio that marks a bomb, once past `ratioFloorBytes`. */
  maxRatio?: number;
  ratioFloorBytes?: number;
  /** The archive's size when known: lets a header declaring an impossible size be refused before inflating it. */
  compressedSize?: number;
  /** Largest pax or GNU long-name record kept in memory. */
  maxMetaBytes?: number;
}

export interface TarGzStats {
  compressedBytes: number;
  inflatedBytes: number;
  /** Non-zero bytes after the end-of-archive marker (ignored, reported). */
  trailingData: boolean;
}

export interface TarGzReader {
  entries: AsyncGenerator<TarEntryHandle, void, undefined>;
  stats: TarGzStats;
}

const TYPES: Record<string, TarEntryType> = {
  "0": "file",
  "7": "file", // contiguous file: a regular file everywhere but a few old systems
  "5": "directory",
  "2": "symlink",
  "1": "hardlink",
  "3": "char-device",
  "4": "block-device",
  "6": "fifo",
};

/**
 * Streams a .tar.gz: gunzips with the platform's DecompressionStream (browsers and Node) and
 * yields each entry's header before any of its data, so a caller can refuse an entry without
 * inflating it. Throws ArchiveError for anything wrong with the archive itself; stops reading
 * (and cancels the source) as soon as the caller stops iterating.
 */
export function readTarGz(source: ReadableStream<Uint8Array>, options: ReadTarGzOptions = {}): TarGzReader {
  const maxRatio = options.maxRatio ?? 200;
  const floor = options.ratioFloorBytes ?? 8 * 1024 * 1024;
  const maxMeta = options.maxMetaBytes ?? 1024 * 1024;
  const input: GzipInputState = { compressedBytes: 0 };
  const stats: TarGzStats = { compressedBytes: 0, inflatedBytes: 0, trailingData: false };
  let current: string | undefined; // the entry being read, for messages
  let previous: string | undefined; // the last entry read, to place a corrupt header

  const inflater = inflateGzip(source, input);
  const src = new ByteSource(() => inflater.read(), (n) => {
    stats.inflatedBytes += n;
    stats.compressedBytes = input.compressedBytes;
    // The running ratio catches what headers hide: entries that lie about their size, bombs after the end marker.
    if (stats.inflatedBytes > floor && stats.inflatedBytes > maxRatio * stats.compressedBytes) {
      throw new ArchiveError(
        "ratio_too_high",
        `the archive inflates more than ${maxRatio}:1 (${formatBytes(stats.inflatedBytes)} from ${formatBytes(stats.compressedBytes)})${current ? ` in ${current}` : ""}: refused as a likely decompression bomb`,
        current,
      );
    }
  });

  async function* walk(): AsyncGenerator<TarEntryHandle, void, undefined> {
    let pending: { path?: string; linkpath?: string; size?: number; sparse?: boolean } = {};
    const global: { path?: string; linkpath?: string; size?: number } = {};
    let zeroBlocks = 0;
    let headers = 0;

    const readMeta = async (size: number, what: string): Promise<Uint8Array> => {
      if (size > maxMeta) throw new ArchiveError("bad_tar_header", `a ${what} of ${formatBytes(size)} is larger than the ${formatBytes(maxMeta)} allowed`, current);
      const data = await src.read(size);
      if (data.length < size) throw truncated();
      await skipPadding(size);
      return data;
    };
    const skipPadding = async (size: number) => {
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if ((await src.skip(pad)) < pad) throw truncated();
    };
    const truncated = () => new ArchiveError("truncated", `the archive ends early${current ? ` inside ${current}` : ""} (truncated file?)`, current);

    for (;;) {
      const block = await src.read(BLOCK);
      if (block.length === 0) {
        // End of stream without the two zero blocks: accepted, as GNU tar does, unless a header was waiting for its entry.
        if (stats.inflatedBytes === 0) throw new ArchiveError("empty", "the gzip stream holds no data");
        if (Object.keys(pending).length > 0) throw truncated();
        return;
      }
      if (block.length < BLOCK) throw truncated();
      if (isZeroBlock(block)) {
        if (++zeroBlocks === 2) break;
        continue;
      }
      zeroBlocks = 0;
      const offset = src.position - BLOCK;
      const h = parseTarHeader(block);
      if ("error" in h) {
        if (headers === 0) throw new ArchiveError("not_tar", `the gzip content is not a tar archive (${h.error})`);
        throw new ArchiveError("bad_tar_header", `corrupt tar header at byte ${offset}${previous ? ` (after ${previous})` : ""}: ${h.error}`);
      }
      headers++;

      if (h.typeflag === "x" || h.typeflag === "g") {
        const records = parsePaxRecords(await readMeta(h.size, "pax header"));
        if ("error" in records) throw new ArchiveError("bad_tar_header", `corrupt pax header at byte ${offset}: ${records.error}`, current);
        const target = h.typeflag === "x" ? pending : global;
        for (const [key, value] of records) {
          if (key === "path") target.path = value;
          else if (key === "linkpath") target.linkpath = value;
          else if (key === "size") {
            if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) throw new ArchiveError("bad_tar_header", `pax header at byte ${offset} has a bad size "${value.slice(0, 20)}"`, current);
            target.size = Number(value);
          } else if (key.startsWith("GNU.sparse.") && h.typeflag === "x") pending.sparse = true;
        }
        continue;
      }
      if (h.typeflag === "L" || h.typeflag === "K") {
        const name = new TextDecoder().decode(await readMeta(h.size, "GNU long name")).replace(/\0+$/, "");
        if (h.typeflag === "L") pending.path = name;
        else pending.linkpath = name;
        continue;
      }

      const type = TYPES[h.typeflag] ?? "unsupported";
      const path = pending.path ?? global.path ?? h.name;
      const size = pending.size ?? global.size ?? h.size;
      const linkTarget = pending.linkpath ?? global.linkpath ?? (h.linkname || undefined);
      const sparse = pending.sparse;
      pending = {};
      current = path;
      // Links, devices and FIFOs carry no data whatever their size field says.
      const dataSize = type === "file" || type === "directory" || type === "unsupported" ? size : 0;

      if (options.compressedSize && options.compressedSize > 0) {
        const projected = src.position + dataSize;
        if (projected > floor && projected > maxRatio * options.compressedSize) {
          throw new ArchiveError(
            "ratio_too_high",
            `${path} declares ${formatBytes(size)}, more than ${maxRatio} times the whole ${formatBytes(options.compressedSize)} archive: refused as a likely decompression bomb`,
            path,
          );
        }
      }

      let remaining = dataSize;
      const handle: TarEntryHandle = {
        path,
        type,
        typeflag: h.typeflag,
        size,
        mode: h.mode,
        ...(linkTarget !== undefined ? { linkTarget } : {}),
        ...(sparse ? { sparse } : {}),
        // These run in the caller's code, outside walk(): they classify their own errors.
        async readContent() {
          try {
            const data = await src.read(remaining);
            if (data.length < remaining) throw truncated();
            remaining = 0;
            return data;
          } catch (e) {
            throw classifyStreamError(e, input, stats.inflatedBytes, current);
          }
        },
        async *chunks() {
          try {
            while (remaining > 0) {
              const chunk = await src.next(remaining);
              if (chunk.length === 0) throw truncated();
              remaining -= chunk.length;
              yield chunk;
            }
          } catch (e) {
            throw classifyStreamError(e, input, stats.inflatedBytes, current);
          }
        },
      };
      yield handle;
      if ((await src.skip(remaining)) < remaining) throw truncated();
      remaining = 0;
      await skipPadding(dataSize);
      previous = current;
      current = undefined;
    }

    // After the end marker: read on to the end, so a corrupt or truncated gzip tail is still
    // noticed; tar writers pad with zeros, anything else is reported.
    current = undefined;
    for (;;) {
      const rest = await src.next(64 * 1024);
      if (rest.length === 0) return;
      for (let i = 0; i < rest.length && !stats.trailingData; i++) if (rest[i] !== 0) stats.trailingData = true;
    }
  }

  async function* entries(): AsyncGenerator<TarEntryHandle, void, undefined> {
    try {
      yield* walk();
      stats.compressedBytes = input.compressedBytes;
    } catch (e) {
      stats.compressedBytes = input.compressedBytes;
      throw classifyStreamError(e, input, stats.inflatedBytes, current);
    } finally {
      // Also runs when the caller stops early: stops the inflater and the source.
      await inflater.close();
    }
  }

  return { entries: entries(), stats };
}
