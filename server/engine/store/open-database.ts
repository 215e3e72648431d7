import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";

export type EngineDatabase = Database.Database;

/**
 * Opens `<dataDir>/engine.db` and brings its schema up to date.
 * WAL with synchronous=FULL makes every committed transaction durable before the engine
 * answers, so a kill -9 right after an acknowledged write loses nothing.
 */
export function openDatabase(dataDir: string): EngineDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, "engine.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  // A second process (a stale engine, a debugging sqlite3 shell) should make us wait, not fail.
  db.pragma("busy_timeout = 5000");
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Applies the migrations after `user_version`, each in its own transaction with its version bump. */
function migrate(db: EngineDatabase): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`engine.db has schema version ${current}, newer than this engine knows (${MIGRATIONS.length}); refusing to touch it`);
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
