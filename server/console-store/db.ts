import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * The console's own small state (what it did and what it saw), apart from AWS's: SageMaker keeps
 * no status history of an endpoint, so the console records the changes it requests and observes.
 * It also keeps the audit log of every change (and refused attempt) and the multipart uploads it
 * has open. One SQLite file under MME_CONSOLE_DATA_DIR (default .mme/console).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE endpoint_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     endpoint_name TEXT NOT NULL,
     at TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('requested', 'observed')),
     what TEXT NOT NULL,
     detail TEXT,
     actor TEXT
   );
   CREATE INDEX endpoint_events_by_name ON endpoint_events (endpoint_name, id);
   CREATE TABLE endpoint_last_status (
     endpoint_name TEXT PRIMARY KEY,
     status TEXT NOT NULL
   );`,
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     role TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'error')),
     status INTEGER NOT NULL,
     detail TEXT
   );`,
  // Multipart uploads the console started: signing their parts needs no SageMaker lookup.
  `CREATE TABLE upload_sessions (
     upload_id TEXT PRIMARY KEY,
     endpoint_name TEXT NOT NULL,
     bucket TEXT NOT NULL,
     object_key TEXT NOT NULL,
     model TEXT NOT NULL,
     version INTEGER NOT NULL,
     actor TEXT NOT NULL,
     started_at TEXT NOT NULL
   );`,
  // The audit log gets what it is about (resource), why a change was refused or failed (reason),
  // an upload's own outcomes (rejected by the checker, aborted) and an index per filter. SQLite
  // cannot widen a CHECK in place: the table is copied, ids kept, and each old row's resource
  // is read off its API path ("/api/endpoints/<endpoint>[/models/<model>]...").
  `CREATE TABLE audit_log_next (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     role TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     resource TEXT NOT NULL DEFAULT '',
     result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'error', 'rejected', 'aborted')),
     status INTEGER NOT NULL,
     detail TEXT,
     reason TEXT
   );
   INSERT INTO audit_log_next (id, at, actor, role, action, target, resource, result, status, detail)
     WITH paths AS (
       SELECT *, CASE WHEN target LIKE '/api/endpoints/_%' THEN substr(target, 16) || '/' ELSE '' END AS rest FROM audit_log
     ), endpoints AS (
       SELECT *, substr(rest, 1, instr(rest, '/') - 1) AS endpoint, substr(rest, instr(rest, '/')) AS after FROM paths
     )
     SELECT id, at, actor, role, action, target,
       CASE WHEN after LIKE '/models/_%' THEN endpoint || '/' || substr(after, 9, instr(substr(after, 9), '/') - 1) ELSE endpoint END,
       result, status, detail
     FROM endpoints;
   DROP TABLE audit_log;
   ALTER TABLE audit_log_next RENAME TO audit_log;
   CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
   CREATE INDEX audit_log_by_action ON audit_log (action, id);
   CREATE INDEX audit_log_by_result ON audit_log (result, id);
   CREATE INDEX audit_log_by_resource ON audit_log (resource COLLATE NOCASE, id);`,
];

let db: Database.Database | undefined;

export function consoleDb(): Database.Database {
  if (db) return db;
  const dir = process.env.MME_CONSOLE_DATA_DIR ?? path.join(process.cwd(), ".mme", "console");
  fs.mkdirSync(dir, { recursive: true });
  const opened = new Database(path.join(dir, "console.db"));
  opened.pragma("journal_mode = WAL");
  opened.pragma("synchronous = FULL");
  const version = opened.pragma("user_version", { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    opened.transaction(() => {
      opened.exec(MIGRATIONS[v]!);
      opened.pragma(`user_version = ${v + 1}`);
    })();
  }
  db = opened;
  return db;
}
