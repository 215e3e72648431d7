/**
 * Application Auto Scaling's tables in engine.db, as a migration step (its place in the file's one
 * sequence is in engine-db.ts). Never edit a released step: append a new one.
 *
 * `seq` orders each listing (creation order; activities newest first) and is what a NextToken
 * points after, so a page never repeats or skips a row when others are added or deleted. The whole
 * record is a JSON document (AWS's member names, times as ISO strings) beside its lookup columns.
 */
export const AUTOSCALING_TABLES_V1 = `
  CREATE TABLE aas_targets (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    service_namespace   TEXT NOT NULL,
    resource_id         TEXT NOT NULL,
    scalable_dimension  TEXT NOT NULL,
    doc                 TEXT NOT NULL,
    UNIQUE (service_namespace, resource_id, scalable_dimension)
  );
  CREATE TABLE aas_policies (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    service_namespace   TEXT NOT NULL,
    resource_id         TEXT NOT NULL,
    scalable_dimension  TEXT NOT NULL,
    policy_name         TEXT NOT NULL,
    doc                 TEXT NOT NULL,
    UNIQUE (service_namespace, resource_id, scalable_dimension, policy_name)
  );
  CREATE TABLE aas_scheduled_actions (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    service_namespace   TEXT NOT NULL,
    resource_id         TEXT NOT NULL,
    scalable_dimension  TEXT NOT NULL,
    action_name         TEXT NOT NULL,
    doc                 TEXT NOT NULL,
    UNIQUE (service_namespace, resource_id, scalable_dimension, action_name)
  );
  CREATE TABLE aas_activities (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id         TEXT NOT NULL UNIQUE,
    service_namespace   TEXT NOT NULL,
    resource_id         TEXT NOT NULL,
    scalable_dimension  TEXT NOT NULL,
    -- Epoch ms, for pruning past AWS's retention.
    start_time          INTEGER NOT NULL,
    doc                 TEXT NOT NULL
  );
  CREATE INDEX aas_activities_resource ON aas_activities (resource_id, seq);
  `;
