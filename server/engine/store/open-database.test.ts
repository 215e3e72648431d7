import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { makeDataDir } from "@/test/support/engine/start-test-engine";
import { MIGRATIONS } from "./migrations";
import { openDatabase } from "./open-database";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("openDatabase", () => {
  it("opens engine.db durably (WAL, synchronous=FULL) at the latest schema, idempotently", () => {
    const dir = makeDataDir();
    dirs.push(dir);
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(dir);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
      expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      db.close();
    }
  });

  it("refuses a database written by a newer engine", () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const db = openDatabase(dir);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this engine knows/);
  });
});
