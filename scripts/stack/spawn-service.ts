import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export type RunningService = { url: string; port: number; child: ChildProcess };

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Starts one of the project's servers (engine, dev IdP) as its own process, as its npm script
 * would, and resolves once it prints `<name> listening on http://127.0.0.1:<port>`; its other
 * output is passed through with a prefix.
 */
export function spawnService(opts: { name: "mme-engine" | "mme-dev-idp"; script: string; args: string[]; env?: Record<string, string | undefined> }): Promise<RunningService> {
  const child = spawn(process.execPath, ["--import", "tsx", opts.script, ...opts.args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new RegExp(`^${opts.name} listening on (http://127\\.0\\.0\\.1:(\\d+))`);
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${opts.name} did not start within 30 s`)), 30_000);
    child.once("exit", (code) => reject(new Error(`${opts.name} exited with code ${code} before listening`)));
    lines.on("line", (line) => {
      const m = ready.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, port: Number(m[2]), child });
      } else {
        process.stdout.write(`[${opts.name}] ${line}\n`);
      }
    });
  });
}
