import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEV_IDP_DEFAULTS } from "../../server/dev-idp/config";
import { localAuthSecret } from "./auth-secret";
import { ensureLocalBuckets } from "./ensure-local-buckets";
import { seedDemo } from "./seed-demo";
import { spawnService } from "./spawn-service";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export type StackOptions = {
  consolePort: number;
  consoleHost: string;
  enginePort: number;
  idpPort: number;
  dataDir: string;
  seed: boolean;
  dev: boolean;
  env?: Record<string, string | undefined>;
  /**
   * false: no local engine (nor its buckets or demo seed); the console's backend is whatever `env`
   * says, e.g. MME_BACKEND=aws with AWS_ENDPOINT_URL (the e2e suite against moto). Default true.
   */
  engine?: boolean;
};

/**
 * Runs the engine (unless `engine: false`), the dev identity provider (unless MME_AUTH_ISSUER names
 * a real one), then the console pointed at both; stops them all on SIGINT/SIGTERM or when any of them dies.
 */
export async function runStack(opts: StackOptions): Promise<void> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const children: ChildProcess[] = [];
  const stop = (code: number) => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    process.exit(code);
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  const supervise = (name: string, child: ChildProcess) => {
    children.push(child);
    child.on("exit", (code) => {
      console.error(`[stack] ${name} exited (${code}); stopping`);
      stop(code ?? 1);
    });
  };
  const baseEnv: Record<string, string | undefined> = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...opts.env };

  let engineUrl: string | undefined;
  if (opts.engine !== false) {
    const engine = await spawnService({
      name: "mme-engine",
      script: "server/engine/main.ts",
      args: ["--port", String(opts.enginePort), "--data-dir", path.join(opts.dataDir, "engine")],
      env: baseEnv,
    });
    supervise("engine", engine.child);
    console.log(`[stack] engine on ${engine.url}`);
    engineUrl = engine.url;
  }

  const consoleOrigins = [`http://${opts.consoleHost}:${opts.consolePort}`, `http://localhost:${opts.consolePort}`];
  const consoleDataDir = path.join(opts.dataDir, "console");
  const authEnv = baseEnv.MME_AUTH_ISSUER ? {} : await startDevIdp();

  const env: Record<string, string | undefined> = {
    ...baseEnv,
    ...authEnv,
    ...(engineUrl ? { MME_BACKEND: "local", MME_ENGINE_URL: engineUrl } : {}),
    MME_CONSOLE_DATA_DIR: consoleDataDir,
    NEXTAUTH_URL: baseEnv.NEXTAUTH_URL ?? consoleOrigins[0],
    NEXTAUTH_SECRET: baseEnv.NEXTAUTH_SECRET ?? localAuthSecret(consoleDataDir),
  };
  if (engineUrl) {
    await ensureLocalBuckets({ engineUrl, consoleOrigins, env });
    if (opts.seed) await seedDemo({ engineUrl, markerFile: path.join(opts.dataDir, "demo-seeded"), env });
  }

  if (!opts.dev && buildIsStale()) {
    console.log("[stack] building the console (next build)…");
    const built = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...env, NODE_ENV: "production" } as NodeJS.ProcessEnv });
    if (built.status !== 0) stop(built.status ?? 1);
  }
  const consoleProc = spawn(process.execPath, [NEXT_BIN, opts.dev ? "dev" : "start", "-p", String(opts.consolePort), "-H", opts.consoleHost], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: "inherit",
  });
  supervise("console", consoleProc);
  console.log(`[stack] console on ${consoleOrigins[0]}`);

  async function startDevIdp(): Promise<Record<string, string>> {
    const idp = await spawnService({
      name: "mme-dev-idp",
      script: "server/dev-idp/main.ts",
      args: ["--port", String(opts.idpPort)],
      env: {
        ...baseEnv,
        MME_IDP_REDIRECT_URIS: consoleOrigins.map((o) => `${o}/api/auth/callback/oidc`).join(","),
        MME_IDP_POST_LOGOUT_REDIRECT_URIS: consoleOrigins.map((o) => `${o}/signin`).join(","),
      },
    });
    supervise("dev IdP", idp.child);
    console.log(`[stack] dev identity provider on ${idp.url} (users admin@example.com, viewer@example.com)`);
    return {
      MME_AUTH_ISSUER: idp.url,
      MME_AUTH_CLIENT_ID: baseEnv.MME_IDP_CLIENT_ID ?? DEV_IDP_DEFAULTS.clientId,
      MME_AUTH_CLIENT_SECRET: baseEnv.MME_IDP_CLIENT_SECRET ?? DEV_IDP_DEFAULTS.clientSecret,
      MME_AUTH_PROVIDER_NAME: "the dev identity provider",
      // Ask for credentials on every sign-in, so that signing out and in as another user works.
      MME_AUTH_PROMPT: "login",
    };
  }
}

/** The production build is stale when any console source is newer than it. */
function buildIsStale(): boolean {
  const marker = path.join(ROOT, process.env.MME_NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!fs.existsSync(marker)) return true;
  const builtAt = fs.statSync(marker).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.existsSync(dir) &&
    fs.readdirSync(dir, { withFileTypes: true }).some((d) => {
      const p = path.join(dir, d.name);
      return d.isDirectory() ? !["engine", "dev-idp"].includes(d.name) && newer(p) : fs.statSync(p).mtimeMs > builtAt;
    });
  const configNewer = ["next.config.mjs", "package.json", "postcss.config.mjs", "proxy.ts", "tsconfig.json", "tsconfig.build.json"].some((f) => fs.statSync(path.join(ROOT, f)).mtimeMs > builtAt);
  return configNewer || ["app", "components", "lib", "server", "public", "types"].some((d) => newer(path.join(ROOT, d)));
}
