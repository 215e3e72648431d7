import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, openSync, readdirSync, rmSync } from "node:fs";
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";

/** Writes are batched into one `writev` per this many bytes: fewer thread-pool round trips. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** ...and never more buffers than one writev takes (IOV_MAX is 1024 on Linux). */
const WRITE_BATCH_BUFFERS = 512;

/**
 * The files behind S3's objects and parts, under `<dataDir>/s3/`:
 *
 *   tmp/<uuid>                  uploads being received, and concatenations being built
 *   objects/<blobId>            the bytes of committed objects
 *   uploads/<uploadId>/<fileId> the parts of a multipart upload
 *
 * Every name is generated: an object key is an arbitrary string (`../`, NUL, 1 KiB long) and is
 * never used as a path. A file is written whole to tmp/, fsynced, then renamed into place; only
 * then does the caller commit the row that makes it visible. So a crash leaves at worst a temp
 * file or an unreferenced blob, and `sweep` removes both at the next start.
 */
export class BlobFiles {
  private readonly tmpDir: string;
  private readonly objectsDir: string;
  private readonly uploadsDir: string;

  constructor(dataDir: string) {
    const root = join(dataDir, "s3");
    this.tmpDir = join(root, "tmp");
    this.objectsDir = join(root, "objects");
    this.uploadsDir = join(root, "uploads");
    for (const dir of [this.tmpDir, this.objectsDir, this.uploadsDir]) mkdirSync(dir, { recursive: true });
  }

  objectPath(blobId: string): string {
    return join(this.objectsDir, blobId);
  }
  partPath(uploadId: string, fileId: string): string {
    return join(this.uploadsDir, uploadId, fileId);
  }

  /** Streams `chunks` into a new temporary file and makes it durable. Removes it on failure. */
  async writeTemp(chunks: AsyncIterable<Uint8Array>): Promise<string> {
    const path = join(this.tmpDir, randomUUID());
    const file = await open(path, "wx");
    try {
      let batch: Uint8Array[] = [];
      let batched = 0;
      for await (const chunk of chunks) {
        batch.push(chunk);
        batched += chunk.byteLength;
        if (batched >= WRITE_BATCH_BYTES || batch.length >= WRITE_BATCH_BUFFERS) {
          await writeAll(file, batch);
          batch = [];
          batched = 0;
        }
      }
      await writeAll(file, batch);
      await file.sync();
    } catch (err) {
      await file.close().catch(() => undefined);
      await this.remove(path);
      throw err;
    }
    await file.close();
    return path;
  }

  /** Moves a finished temp file to objects/ under a new blob id. */
  async publishObject(tmpPath: string): Promise<string> {
    const blobId = randomUUID();
    await this.moveDurably(tmpPath, this.objectsDir, blobId);
    return blobId;
  }

  /** Moves a finished temp file into its upload's folder. Throws ENOENT if the upload is gone. */
  async publishPart(tmpPath: string, uploadId: string, partNumber: number): Promise<string> {
    const fileId = `${partNumber}-${randomUUID()}`;
    await this.moveDurably(tmpPath, join(this.uploadsDir, uploadId), fileId);
    return fileId;
  }

  /**
   * A second name for a committed blob (CopyObject). Blobs are never modified in place, so a hard
   * link is a copy; synchronous so the caller can look the source up and link it in one tick,
   * before any concurrent overwrite unlinks it.
   */
  linkObjectSync(blobId: string): string {
    const copy = randomUUID();
    linkSync(this.objectPath(blobId), this.objectPath(copy));
    return copy;
  }

  /** Makes new names in objects/ (links) durable before a row points at them. */
  async syncObjects(): Promise<void> {
    await fsyncDir(this.objectsDir);
  }

  /**
   * Opens a blob for reading. Synchronous for the same reason as linkObjectSync: once open, the
   * bytes stay readable even if an overwrite unlinks the file.
   */
  openObjectSync(blobId: string): number {
    return openSync(this.objectPath(blobId), "r");
  }

  async createUploadDir(uploadId: string): Promise<void> {
    await mkdir(join(this.uploadsDir, uploadId));
    await fsyncDir(this.uploadsDir);
  }

  async removeUploadDir(uploadId: string): Promise<void> {
    await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true });
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true }).catch(() => undefined);
  }

  /**
   * Removes what no committed row references: every temp file (uploads cut off by a crash),
   * blobs renamed into place but never committed, and parts or upload folders of uploads that
   * no longer exist. Run once at start, before serving.
   */
  sweep(live: { blobIds: Set<string>; uploadIds: Set<string>; partFiles: Set<string> }): number {
    let removed = 0;
    const drop = (path: string) => {
      rmSync(path, { recursive: true, force: true });
      removed++;
    };
    for (const name of readdirSync(this.tmpDir)) drop(join(this.tmpDir, name));
    for (const name of readdirSync(this.objectsDir)) if (!live.blobIds.has(name)) drop(join(this.objectsDir, name));
    for (const uploadId of readdirSync(this.uploadsDir)) {
      const dir = join(this.uploadsDir, uploadId);
      if (!live.uploadIds.has(uploadId)) {
        drop(dir);
        continue;
      }
      for (const fileId of readdirSync(dir)) if (!live.partFiles.has(`${uploadId}/${fileId}`)) drop(join(dir, fileId));
    }
    return removed;
  }

  private async moveDurably(from: string, dir: string, name: string): Promise<void> {
    try {
      await rename(from, join(dir, name));
    } catch (err) {
      await this.remove(from);
      throw err;
    }
    // The rename itself must survive a crash before the row that points at it is committed.
    await fsyncDir(dir);
  }
}

async function writeAll(file: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let pending = buffers.filter((b) => b.byteLength > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await file.writev(pending);
    const rest: Uint8Array[] = [];
    for (const b of pending) {
      if (bytesWritten >= b.byteLength) {
        bytesWritten -= b.byteLength;
        continue;
      }
      rest.push(b.subarray(bytesWritten));
      bytesWritten = 0;
    }
    pending = rest;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
