import { mkdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import Database from "better-sqlite3";
import { applyMigrations } from "./migrations";

export type EngineDatabase = Database.Database;

export type OpenDatabaseOptions = {
  /**
   * FULL: a committed transaction is on disk before the engine answers (the control plane and
   * S3: a kill -9 right after an acknowledged write loses nothing). NORMAL: a commit survives a
   * crash of the process, only an OS crash may lose the newest (metrics).
   */
  synchronous: "FULL" | "NORMAL";
  /** The file's schema, in order; see applyMigrations. */
  migrations: readonly string[];
};

/** Opens (creating) one of the engine's SQLite files with the project's pragmas, and migrates it. */
export function openDatabase(file: string, opts: OpenDatabaseOptions): EngineDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${opts.synchronous}`);
  db.pragma("foreign_keys = ON");
  // A second process (a stale engine, a debugging sqlite3 shell) should make us wait, not fail.
  db.pragma("busy_timeout = 5000");
  try {
    applyMigrations(db, basename(file), opts.migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
