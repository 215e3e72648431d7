import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { makeDataDir } from "@/test/support/engine/start-test-engine";
import { ENGINE_DB_MIGRATIONS, openEngineDb } from "./engine-db";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("openEngineDb", () => {
  it("opens engine.db durably (WAL, synchronous=FULL) at the latest schema, idempotently", () => {
    const dir = makeDataDir();
    dirs.push(dir);
    for (let i = 0; i < 2; i++) {
      const db = openEngineDb(dir);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
      expect(db.pragma("user_version", { simple: true })).toBe(ENGINE_DB_MIGRATIONS.length);
      db.close();
    }
  });

  it("refuses a database written by a newer engine", () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openEngineDb(dir);
    db.pragma(`user_version = ${ENGINE_DB_MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openEngineDb(dir)).toThrow(/newer than this engine knows/);
  });
});
