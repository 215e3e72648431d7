import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_CONFIG } from "./start-test-engine";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export type ChildEngine = { child: ChildProcess; url: string; stderr: () => string; kill(): Promise<void> };

/**
 * Runs main.ts as `npm run engine` does, in its own process (so it can be killed with SIGKILL
 * and its memory read from /proc), and waits for its one stdout line.
 */
export async function spawnEngine(dataDir: string, env: Record<string, string> = {}): Promise<ChildEngine> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/engine/main.ts", "--port", "0", "--data-dir", dataDir], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MME_ENGINE_ACCESS_KEY_ID: TEST_CONFIG.accessKeyId,
      MME_ENGINE_SECRET_ACCESS_KEY: TEST_CONFIG.secretAccessKey,
      MME_ENGINE_REGION: TEST_CONFIG.region,
      MME_ENGINE_ACCOUNT_ID: TEST_CONFIG.accountId,
      MME_ENGINE_TRANSITION_MS: String(TEST_CONFIG.transitionMs),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${stderr}`)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /^mme-engine listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`engine exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited(child);
    },
  };
}

export const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
