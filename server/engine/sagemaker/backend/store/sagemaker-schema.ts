/**
 * SageMaker's tables in engine.db, as migration steps (see engine-db-migrations.ts for their
 * place in the file's one sequence). Never edit a released step: append a new one.
 *
 * Resources are keyed by their lowercased name because SageMaker names are case-insensitive
 * (the ARN carries the lowercased name), while the name column keeps the caller's spelling.
 * Times are epoch milliseconds. Nested API structures are stored as JSON documents.
 */
export const SAGEMAKER_TABLES_V1 = `
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
  `;
