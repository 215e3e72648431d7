import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export type RunningEngine = { url: string; port: number; child: ChildProcess };

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Starts the engine as its own process (as `npm run engine` does) and resolves once it prints
 * its listening line; its other output is passed through with a prefix.
 */
export function spawnEngine(opts: { port: number; dataDir: string; env?: Record<string, string | undefined> }): Promise<RunningEngine> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/engine/main.ts", "--port", String(opts.port), "--data-dir", opts.dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error("engine did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`engine exited with code ${code} before listening`)));
    lines.on("line", (line) => {
      const m = /^mme-engine listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, port: Number(m[2]), child });
      } else {
        process.stdout.write(`[engine] ${line}\n`);
      }
    });
  });
}
