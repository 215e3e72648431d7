/**
 * S3's tables in engine.db, as migration steps (see engine-db-migrations.ts for their place in
 * the file's one sequence). Never edit a released step: append a new one.
 *
 * Rows say what is visible; the bytes live in files named by generated ids (blob-files.ts). A
 * row is committed only after its file is complete and renamed into place.
 */
export const S3_TABLES_V1 = `
  CREATE TABLE s3_buckets (
    name           TEXT PRIMARY KEY,
    creation_time  INTEGER NOT NULL,
    -- The CORS rules as JSON, NULL when the bucket has none.
    cors           TEXT
  );
  CREATE TABLE s3_objects (
    bucket         TEXT NOT NULL REFERENCES s3_buckets (name),
    key            TEXT NOT NULL,
    blob_id        TEXT NOT NULL,
    size           INTEGER NOT NULL,
    etag           TEXT NOT NULL,
    last_modified  INTEGER NOT NULL,
    doc            TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID;
  CREATE TABLE s3_uploads (
    upload_id      TEXT PRIMARY KEY,
    bucket         TEXT NOT NULL REFERENCES s3_buckets (name),
    key            TEXT NOT NULL,
    initiated      INTEGER NOT NULL,
    doc            TEXT NOT NULL
  );
  CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket);
  CREATE TABLE s3_parts (
    upload_id      TEXT NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
    part_number    INTEGER NOT NULL,
    file_id        TEXT NOT NULL,
    size           INTEGER NOT NULL,
    etag           TEXT NOT NULL,
    last_modified  INTEGER NOT NULL,
    checksum       TEXT,
    PRIMARY KEY (upload_id, part_number)
  ) WITHOUT ROWID;
  `;
