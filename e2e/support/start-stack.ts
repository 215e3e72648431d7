import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runStack } from "../../scripts/stack/run-stack";

// Playwright's webServer: a fresh engine (own temp data dir, fast transitions) and the built console.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mme-e2e-"));
await runStack({
  consolePort: Number(process.env.E2E_PORT ?? 3107),
  consoleHost: "127.0.0.1",
  enginePort: 0,
  idpPort: 0,
  dataDir,
  seed: false,
  dev: false,
  // A scaling period of seconds, not AWS's minute, so the Scaling spec sees a policy act within its timeout.
  env: { MME_ENGINE_TRANSITION_MS: process.env.MME_ENGINE_TRANSITION_MS ?? "1500", MME_ENGINE_SCALING_PERIOD_S: process.env.MME_ENGINE_SCALING_PERIOD_S ?? "1" },
});
