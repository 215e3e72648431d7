import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * The console's own small state (what it did and what it saw), apart from AWS's: SageMaker keeps
 * no status history of an endpoint, so the console records the changes it requests and observes.
 * It also keeps the audit log of every mutation and the multipart uploads it has open. One
 * SQLite file under MME_CONSOLE_DATA_DIR (default .mme/console).
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
