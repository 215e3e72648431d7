import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { seedDemo } from "./seed-demo";
import { spawnEngine } from "./spawn-engine";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export type StackOptions = {
  consolePort: number;
  consoleHost: string;
  enginePort: number;
  dataDir: string;
  seed: boolean;
  dev: boolean;
  env?: Record<string, string | undefined>;
};

/** Runs the engine, then the console pointed at it; stops both on SIGINT/SIGTERM or when either dies. */
export async function runStack(opts: StackOptions): Promise<void> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const children: ChildProcess[] = [];
  const stop = (code: number) => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    process.exit(code);
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));

  const engine = await spawnEngine({ port: opts.enginePort, dataDir: path.join(opts.dataDir, "engine"), env: opts.env });
  children.push(engine.child);
  engine.child.on("exit", (code) => {
    console.error(`[stack] engine exited (${code}); stopping`);
    stop(1);
  });
  console.log(`[stack] engine on ${engine.url}`);

  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...opts.env, MME_BACKEND: "local", MME_ENGINE_URL: engine.url, MME_CONSOLE_DATA_DIR: path.join(opts.dataDir, "console") };
  if (opts.seed) await seedDemo({ engineUrl: engine.url, markerFile: path.join(opts.dataDir, "demo-seeded"), env });

  if (!opts.dev && buildIsStale()) {
    console.log("[stack] building the console (next build)…");
    const built = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (built.status !== 0) stop(built.status ?? 1);
  }
  const consoleProc = spawn(process.execPath, [NEXT_BIN, opts.dev ? "dev" : "start", "-p", String(opts.consolePort), "-H", opts.consoleHost], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
  children.push(consoleProc);
  consoleProc.on("exit", (code) => stop(code ?? 1));
  console.log(`[stack] console on http://${opts.consoleHost}:${opts.consolePort}`);
}

/** The production build is stale when any console source is newer than it. */
function buildIsStale(): boolean {
  const marker = path.join(ROOT, ".next", "BUILD_ID");
  if (!fs.existsSync(marker)) return true;
  const builtAt = fs.statSync(marker).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.existsSync(dir) &&
    fs.readdirSync(dir, { withFileTypes: true }).some((d) => {
      const p = path.join(dir, d.name);
      return d.isDirectory() ? d.name !== "engine" && newer(p) : fs.statSync(p).mtimeMs > builtAt;
    });
  const configNewer = ["next.config.mjs", "package.json", "postcss.config.mjs"].some((f) => fs.statSync(path.join(ROOT, f)).mtimeMs > builtAt);
  return configNewer || ["app", "components", "lib", "server", "public"].some((d) => newer(path.join(ROOT, d)));
}
