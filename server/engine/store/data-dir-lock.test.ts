import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { makeDataDir, startTestEngine, TEST_CONFIG, TEST_CREDENTIALS } from "@/test/support/engine/start-test-engine";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock";

const dirs: string[] = [];
const fresh = () => {
  const dir = makeDataDir();
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited: nothing can hold a lock under it. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("lockDataDir", () => {
  it("refuses a second holder, naming the first, until the first releases", () => {
    const dir = fresh();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`another engine (pid ${process.pid}) is using the data dir ${dir}`);
    release();
    expect(existsSync(join(dir, "engine.lock"))).toBe(false);
    lockDataDir(dir)();
  });

  it("takes over the lock of an engine that died without releasing it", () => {
    const dir = fresh();
    writeFileSync(join(dir, "engine.lock"), `${deadPid()} 12345\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, "engine.lock"), "utf8")).toMatch(new RegExp(`^${process.pid} `));
    release();
  });

  it("takes over a lock whose pid now belongs to another process (the start time differs)", () => {
    const dir = fresh();
    writeFileSync(join(dir, "engine.lock"), `${process.pid} 1\n`);
    lockDataDir(dir)();
  });

  it("takes over an unreadable lock (an engine killed while writing it)", () => {
    const dir = fresh();
    writeFileSync(join(dir, "engine.lock"), "");
    lockDataDir(dir)();
  });

  it("leaves alone a lock another engine took after its own was judged stale", () => {
    const dir = fresh();
    const release = lockDataDir(dir);
    writeFileSync(join(dir, "engine.lock"), `${deadPid()} 1\n`);
    release();
    expect(existsSync(join(dir, "engine.lock"))).toBe(true);
  });
});

describe("an engine on a data dir another engine uses", () => {
  it("is refused at start; the first keeps serving its data, and once closed the dir is free again", async () => {
    const first = await startTestEngine();
    dirs.push(first.dataDir);
    await expect(startTestEngine({ dataDir: first.dataDir })).rejects.toThrow(`another engine (pid ${process.pid}) is using the data dir ${first.dataDir}`);
    const s3 = new S3Client({ endpoint: first.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, forcePathStyle: true });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toEqual([]);
    s3.destroy();
    await first.close();
    const second = await startTestEngine({ dataDir: first.dataDir });
    await second.close();
  });
});
