import type { EngineDatabase } from "../../../store/open-database";
import type { BucketRecord, CorsRule, ObjectChecksum, ObjectRecord, PartRecord, UploadRecord } from "../types";

type ObjectRow = { bucket: string; key: string; blob_id: string; size: number; etag: string; last_modified: number; doc: string };
type ObjectDoc = Pick<ObjectRecord, "md5" | "metadata" | "checksum" | "partsCount">;
type UploadRow = { upload_id: string; bucket: string; key: string; initiated: number; doc: string };
type PartRow = { upload_id: string; part_number: number; file_id: string; size: number; etag: string; last_modified: number; checksum: string | null };

/**
 * SQLite persistence for the S3 backend: buckets, object rows (each naming the blob file that
 * holds its bytes), multipart uploads and their parts. Callers own transactions (one API call,
 * one transaction), exactly as with SageMakerStore.
 */
export class S3Store {
  private readonly stmt;

  constructor(private readonly db: EngineDatabase) {
    this.stmt = {
      getBucket: db.prepare("SELECT name, creation_time, cors FROM s3_buckets WHERE name = ?"),
      allBuckets: db.prepare("SELECT name, creation_time, cors FROM s3_buckets ORDER BY name"),
      insertBucket: db.prepare("INSERT INTO s3_buckets (name, creation_time, cors) VALUES (?, ?, NULL)"),
      deleteBucket: db.prepare("DELETE FROM s3_buckets WHERE name = ?"),
      setCors: db.prepare("UPDATE s3_buckets SET cors = ? WHERE name = ?"),
      anyObject: db.prepare("SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1"),
      getObject: db.prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key = ?"),
      upsertObject: db.prepare(
        `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, doc)
         VALUES (@bucket, @key, @blob_id, @size, @etag, @last_modified, @doc)
         ON CONFLICT (bucket, key) DO UPDATE SET blob_id = @blob_id, size = @size, etag = @etag,
           last_modified = @last_modified, doc = @doc`,
      ),
      deleteObject: db.prepare("DELETE FROM s3_objects WHERE bucket = ? AND key = ?"),
      objectsFrom: db.prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key > ? ORDER BY key LIMIT ?"),
      objectsFromIncl: db.prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key LIMIT ?"),
      allBlobIds: db.prepare("SELECT blob_id FROM s3_objects"),
      getUpload: db.prepare("SELECT * FROM s3_uploads WHERE upload_id = ?"),
      insertUpload: db.prepare("INSERT INTO s3_uploads (upload_id, bucket, key, initiated, doc) VALUES (?, ?, ?, ?, ?)"),
      deleteUpload: db.prepare("DELETE FROM s3_uploads WHERE upload_id = ?"),
      uploadsOfBucket: db.prepare("SELECT upload_id FROM s3_uploads WHERE bucket = ?"),
      // S3's order: by key (bytes of UTF-8, which SQLite's BINARY collation compares), then oldest first.
      listUploads: db.prepare("SELECT * FROM s3_uploads WHERE bucket = ? ORDER BY key, initiated, upload_id"),
      allUploadIds: db.prepare("SELECT upload_id FROM s3_uploads"),
      getPart: db.prepare("SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?"),
      upsertPart: db.prepare(
        `INSERT INTO s3_parts (upload_id, part_number, file_id, size, etag, last_modified, checksum)
         VALUES (@upload_id, @part_number, @file_id, @size, @etag, @last_modified, @checksum)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET file_id = @file_id, size = @size, etag = @etag,
           last_modified = @last_modified, checksum = @checksum`,
      ),
      partsOf: db.prepare("SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number"),
      partsAfter: db.prepare("SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?"),
      allPartFiles: db.prepare("SELECT upload_id, file_id FROM s3_parts"),
    };
  }

  /** Runs `fn` in one IMMEDIATE transaction: committed (and fsynced) when it returns. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  getBucket(name: string): BucketRecord | undefined {
    return toBucket(this.stmt.getBucket.get(name));
  }
  allBuckets(): BucketRecord[] {
    return this.stmt.allBuckets.all().map((row) => toBucket(row)!);
  }
  insertBucket(name: string, creationTime: number): void {
    this.stmt.insertBucket.run(name, creationTime);
  }
  deleteBucket(name: string): void {
    this.stmt.deleteBucket.run(name);
  }
  setCors(name: string, rules: CorsRule[] | null): void {
    this.stmt.setCors.run(rules ? JSON.stringify(rules) : null, name);
  }
  hasObjects(bucket: string): boolean {
    return this.stmt.anyObject.get(bucket) !== undefined;
  }

  getObject(bucket: string, key: string): ObjectRecord | undefined {
    return toObject(this.stmt.getObject.get(bucket, key));
  }
  putObject(o: ObjectRecord): void {
    const doc: ObjectDoc = { md5: o.md5, metadata: o.metadata, checksum: o.checksum, partsCount: o.partsCount };
    this.stmt.upsertObject.run({
      bucket: o.bucket,
      key: o.key,
      blob_id: o.blobId,
      size: o.size,
      etag: o.etag,
      last_modified: o.lastModified,
      doc: JSON.stringify(doc),
    });
  }
  deleteObject(bucket: string, key: string): void {
    this.stmt.deleteObject.run(bucket, key);
  }
  /** Up to `limit` objects in key order (UTF-8 binary, as S3 lists), after `after` or from `from`. */
  objectsAfter(bucket: string, after: string, limit: number, inclusive = false): ObjectRecord[] {
    const stmt = inclusive ? this.stmt.objectsFromIncl : this.stmt.objectsFrom;
    return stmt.all(bucket, after, limit).map((row) => toObject(row)!);
  }
  allBlobIds(): Set<string> {
    return new Set((this.stmt.allBlobIds.all() as { blob_id: string }[]).map((r) => r.blob_id));
  }

  getUpload(uploadId: string): UploadRecord | undefined {
    const row = this.stmt.getUpload.get(uploadId) as UploadRow | undefined;
    return row && toUpload(row);
  }
  /** The bucket's uploads in progress, in S3's listing order. */
  listUploads(bucket: string): UploadRecord[] {
    return (this.stmt.listUploads.all(bucket) as UploadRow[]).map(toUpload);
  }
  insertUpload(u: UploadRecord): void {
    this.stmt.insertUpload.run(u.uploadId, u.bucket, u.key, u.initiated, JSON.stringify({ metadata: u.metadata, checksumAlgorithm: u.checksumAlgorithm }));
  }
  /** Removes the upload and, by cascade, its part rows. */
  deleteUpload(uploadId: string): void {
    this.stmt.deleteUpload.run(uploadId);
  }
  uploadIdsOfBucket(bucket: string): string[] {
    return (this.stmt.uploadsOfBucket.all(bucket) as { upload_id: string }[]).map((r) => r.upload_id);
  }
  allUploadIds(): Set<string> {
    return new Set((this.stmt.allUploadIds.all() as { upload_id: string }[]).map((r) => r.upload_id));
  }

  getPart(uploadId: string, partNumber: number): PartRecord | undefined {
    return toPart(this.stmt.getPart.get(uploadId, partNumber));
  }
  putPart(p: PartRecord): void {
    this.stmt.upsertPart.run({
      upload_id: p.uploadId,
      part_number: p.partNumber,
      file_id: p.fileId,
      size: p.size,
      etag: p.etag,
      last_modified: p.lastModified,
      checksum: p.checksum ? JSON.stringify(p.checksum) : null,
    });
  }
  parts(uploadId: string): PartRecord[] {
    return this.stmt.partsOf.all(uploadId).map((row) => toPart(row)!);
  }
  partsAfter(uploadId: string, marker: number, limit: number): PartRecord[] {
    return this.stmt.partsAfter.all(uploadId, marker, limit).map((row) => toPart(row)!);
  }
  /** `<uploadId>/<fileId>` of every committed part. */
  allPartFiles(): Set<string> {
    return new Set((this.stmt.allPartFiles.all() as { upload_id: string; file_id: string }[]).map((r) => `${r.upload_id}/${r.file_id}`));
  }
}

function toBucket(row: unknown): BucketRecord | undefined {
  if (!row) return undefined;
  const r = row as { name: string; creation_time: number; cors: string | null };
  return { name: r.name, creationTime: r.creation_time, cors: r.cors ? (JSON.parse(r.cors) as CorsRule[]) : null };
}

function toObject(row: unknown): ObjectRecord | undefined {
  if (!row) return undefined;
  const r = row as ObjectRow;
  const doc = JSON.parse(r.doc) as ObjectDoc;
  return { bucket: r.bucket, key: r.key, blobId: r.blob_id, size: r.size, etag: r.etag, lastModified: r.last_modified, ...doc };
}

function toPart(row: unknown): PartRecord | undefined {
  if (!row) return undefined;
  const r = row as PartRow;
  return {
    uploadId: r.upload_id,
    partNumber: r.part_number,
    fileId: r.file_id,
    size: r.size,
    etag: r.etag,
    lastModified: r.last_modified,
    checksum: r.checksum ? (JSON.parse(r.checksum) as ObjectChecksum) : undefined,
  };
}

function toUpload(row: UploadRow): UploadRecord {
  const doc = JSON.parse(row.doc) as Pick<UploadRecord, "metadata" | "checksumAlgorithm">;
  return { uploadId: row.upload_id, bucket: row.bucket, key: row.key, initiated: row.initiated, ...doc };
}
