import type Database from "better-sqlite3";

/**
 * Brings a SQLite file's schema up to date: migration N leaves it at `user_version` N, each
 * applied in its own transaction with its version bump, so a crash midway leaves a version that
 * is whole. A file written by a newer engine is refused rather than touched.
 */
export function applyMigrations(db: Database.Database, label: string, migrations: readonly string[]): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`${label} has schema version ${current}, newer than this engine knows (${migrations.length}); refusing to touch it`);
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
