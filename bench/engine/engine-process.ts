import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository the benches read fixtures and scripts from: MME_REPO_ROOT when they run bundled (bench/torch/pack-gpu-bench.sh). */
export const REPO_ROOT = process.env.MME_REPO_ROOT ?? fileURLToPath(new URL("../..", import.meta.url));

export type ChildServer = {
  child: ChildProcess;
  pid: number;
  url: string;
  /** The last 64 KiB of what it wrote to stderr. */
  stderrTail(): string;
  stop(): Promise<void>;
};

/**
 * Starts `node --import tsx <script> ...args` from the repository root (`node <script>` for a
 * bundled .mjs) and waits for its one "... listening on http://127.0.0.1:<port>" line on stdout.
 */
export async function spawnListening(script: string, args: string[], env: Record<string, string> = {}, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ChildServer> {
  const loader = script.endsWith(".mjs") ? [] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 128 * 1024) stderr = stderr.slice(-64 * 1024);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`${script} did not start in ${timeoutMs} ms: ${stderr.slice(-4000)}`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${stderr.slice(-4000)}`));
    };
    child.once("exit", onExit);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(m[1]!);
      }
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout!.on("data", () => {});
  return {
    child,
    pid: child.pid!,
    url,
    stderrTail: () => stderr.slice(-64 * 1024),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The engine as `npm run engine` runs it, on a free port, over `dataDir`. Extra node flags for
 * the engine alone (a CPU profile: `--cpu-prof --cpu-prof-dir=/tmp/prof`) come from
 * MME_BENCH_ENGINE_NODE_ARGS, space-separated; node refuses those in NODE_OPTIONS.
 */
export function spawnEngine(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const nodeArgs = (process.env.MME_BENCH_ENGINE_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  // A bundled engine (MME_BENCH_ENGINE_ENTRY) where the sources and tsx are not at hand: the GPU machine.
  const entry = process.env.MME_BENCH_ENGINE_ENTRY ?? "server/engine/main.ts";
  return spawnListening(entry, ["--port", "0", "--data-dir", dataDir], env, nodeArgs);
}

export function spawnEchoServer(): Promise<ChildServer> {
  return spawnListening("bench/engine/echo-server.ts", []);
}

/** The minimal InvokeEndpoint server (minimal-invoke-server.ts): the second floor of the warm figures. */
export function spawnMinimalInvokeServer(): Promise<ChildServer> {
  return spawnListening("bench/engine/minimal-invoke-server.ts", []);
}

export type Memory = { rssMb: number; peakRssMb: number };

/** VmRSS and VmHWM (the peak resident set since the process started) from /proc, in MiB. */
export function readMemory(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024 };
}

/** Every process below `pid` (workers the engine may spawn), from /proc/<pid>/task/<tid>/children. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, "utf8");
      } catch {
        continue;
      }
      for (const c of children.split(/\s+/).filter(Boolean)) {
        out.push(Number(c));
        visit(Number(c));
      }
    }
  };
  visit(pid);
  return out;
}

/**
 * Samples the RSS of a process and its descendants every `everyMs`: the engine's own peak comes
 * from VmHWM; the sum with its workers (if it has any) can only be sampled.
 */
export function sampleMemory(pid: number, everyMs = 250) {
  let peakTreeMb = 0;
  const tick = () => {
    let sum = readMemory(pid)?.rssMb ?? 0;
    for (const d of descendants(pid)) sum += readMemory(d)?.rssMb ?? 0;
    if (sum > peakTreeMb) peakTreeMb = sum;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    stop(): { peakRssMb: number; peakTreeRssMb: number; workers: number } {
      clearInterval(timer);
      tick();
      return { peakRssMb: readMemory(pid)?.peakRssMb ?? Number.NaN, peakTreeRssMb: peakTreeMb, workers: descendants(pid).length };
    },
  };
}
