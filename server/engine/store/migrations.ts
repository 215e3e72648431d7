/**
 * Schema migrations, applied in order; migration N leaves the database at `user_version` N.
 * Never edit a released migration: append a new one.
 *
 * Resources are keyed by their lowercased name because SageMaker names are case-insensitive
 * (the ARN carries the lowercased name), while the name column keeps the caller's spelling.
 * Times are epoch milliseconds. Nested API structures are stored as JSON documents.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sm_models (
    name_key       TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    arn            TEXT NOT NULL,
    creation_time  INTEGER NOT NULL,
    doc            TEXT NOT NULL
  );
  CREATE TABLE sm_endpoint_configs (
    name_key       TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    arn            TEXT NOT NULL,
    creation_time  INTEGER NOT NULL,
    doc            TEXT NOT NULL
  );
  CREATE TABLE sm_endpoints (
    name_key            TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    arn                 TEXT NOT NULL,
    status              TEXT NOT NULL,
    creation_time       INTEGER NOT NULL,
    last_modified_time  INTEGER NOT NULL,
    -- When the in-progress transition (Creating, Updating, Deleting) completes; NULL when settled.
    due_at              INTEGER,
    doc                 TEXT NOT NULL
  );
  CREATE INDEX sm_endpoints_due_at ON sm_endpoints (due_at) WHERE due_at IS NOT NULL;
  CREATE TABLE sm_tags (
    resource_arn   TEXT NOT NULL,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (resource_arn, key)
  );
  `,
  // S3: rows say what is visible; the bytes live in files named by generated ids (blob-files.ts).
  // A row is committed only after its file is complete and renamed into place.
  `
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
  `,
];
