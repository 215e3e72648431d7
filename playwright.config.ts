import { defineConfig } from "@playwright/test";
import { AWS_CONSOLE_PORT } from "./e2e/support/aws-moto";
import { awsStackCommand } from "./e2e/support/aws-stack";
import { E2E_NEXTAUTH_SECRET } from "./e2e/support/e2e-secrets";

// Uploads nobody finishes expire within seconds in the e2e stacks, so a spec can watch one expire
// (active uploads are kept alive by the browser's heartbeat at any expiry).
process.env.MME_UPLOAD_EXPIRY_S ??= "8";

const PORT = Number(process.env.E2E_PORT ?? 3107);

/**
 * `--project` filters on the command line: a web server starts only when a project that needs it
 * may run (Playwright starts every web server otherwise). No filter: both suites and both servers.
 */
function projectMayRun(name: string): boolean {
  const asked: string[] = [];
  process.argv.forEach((arg, i) => {
    // `--project a b` (variadic, as Playwright reads it) or `--project=a`.
    if (arg === "--project") for (let j = i + 1; j < process.argv.length && !process.argv[j]!.startsWith("-"); j++) asked.push(process.argv[j]!);
    else if (arg.startsWith("--project=")) asked.push(arg.slice("--project=".length));
  });
  const glob = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return asked.length === 0 || asked.some((p) => glob(p).test(name));
}

const engineServer = {
  // The console must already be built (`npm run build`); the stack script checks and builds if stale.
  command: "node --import tsx e2e/support/start-stack.ts",
  url: `http://127.0.0.1:${PORT}/api/health`,
  reuseExistingServer: false,
  timeout: 240_000,
  stdout: "pipe",
  stderr: "pipe",
  env: { E2E_PORT: String(PORT), NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET },
  gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
} as const;

// The same console with MME_BACKEND=aws against moto, which e2e/support/aws-stack.ts starts and stops.
const awsServer = {
  command: awsStackCommand,
  url: `http://127.0.0.1:${AWS_CONSOLE_PORT}/api/health`,
  reuseExistingServer: false,
  timeout: 240_000,
  stdout: "pipe",
  stderr: "pipe",
  env: { E2E_AWS_PORT: String(AWS_CONSOLE_PORT), NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET },
  gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
} as const;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
  projects: [
    // The engine suite: e2e/ui and e2e/api against the local engine.
    { name: "chromium", testIgnore: ["aws/**"], use: { browserName: "chromium" } },
    // The AWS-mode suite: e2e/aws against moto.
    { name: "aws", testDir: "e2e/aws", use: { browserName: "chromium", baseURL: `http://127.0.0.1:${AWS_CONSOLE_PORT}` } },
    // Screenshots of every page to look at (`npm run screenshots`): asked for by name only, never part of `npm test`.
    ...(process.env.MME_SCREENSHOTS ? [{ name: "screenshots", testDir: "e2e/screenshots", testMatch: "**/*.shots.ts", use: { browserName: "chromium" as const } }] : []),
  ],
  webServer: [...(projectMayRun("chromium") || projectMayRun("screenshots") ? [engineServer] : []), ...(projectMayRun("aws") ? [awsServer] : [])],
});
