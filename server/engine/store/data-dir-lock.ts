import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Another live engine holds the data dir. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(`another engine (pid ${ownerPid}) is using the data dir ${dataDir}; stop it, or give this one its own --data-dir`);
    this.name = "DataDirInUseError";
  }
}

/**
 * One engine per data dir. Two would write the same SQLite files, blob folders and model caches
 * without knowing of each other (each believes its in-memory view of uploads, endpoints and
 * metrics is the whole truth), so the second is refused before it opens anything.
 *
 * The lock is `<dataDir>/engine.lock`, created exclusively, holding the owner's pid and, on
 * Linux, its start time. A lock whose owner is gone (kill -9, a crash, a reboot) is stale and
 * taken over; the start time tells a live owner from an unrelated process that got its pid.
 * Returns the release function (idempotent).
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "engine.lock");
  const me = identity(process.pid);
  // Twice at most: a stale lock is removed once; if another engine took it meanwhile, it is live.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = readOwner(path);
      if (owner && isAlive(owner)) throw new DataDirInUseError(dataDir, owner.pid);
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${me.pid} ${me.started}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Only our own lock: never one a later engine took over after ours was judged stale.
      const owner = readOwner(path);
      if (owner?.pid === me.pid && owner.started === me.started) rmSync(path, { force: true });
    };
  }
  throw new DataDirInUseError(dataDir, readOwner(path)?.pid ?? -1);
}

type Owner = { pid: number; started: string };

function readOwner(path: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const [pid, started = ""] = text.trim().split(" ");
  const n = Number(pid);
  // Unreadable (an engine killed between creating and writing it): stale.
  return Number.isInteger(n) && n > 0 ? { pid: n, started } : undefined;
}

function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = identity(owner.pid);
  return owner.started === "" || now.started === "" || owner.started === now.started;
}

/** The pid and, where /proc has it, the process's start time in clock ticks since boot (stat field 22). */
function identity(pid: number): Owner {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, started: fields[19] ?? "" };
  } catch {
    return { pid, started: "" };
  }
}
