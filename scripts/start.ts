import path from "node:path";
import { LOCAL_ENGINE_DEFAULTS } from "../lib/local-engine-defaults";
import { DEV_IDP_DEFAULTS } from "../server/dev-idp/config";
import { runStack } from "./stack/run-stack";

// npm start: the engine, the dev identity provider, demo data on first start, and the console, all on loopback.
await runStack({
  consolePort: Number(process.env.PORT ?? 3000),
  consoleHost: process.env.HOST ?? "127.0.0.1",
  enginePort: Number(process.env.MME_ENGINE_PORT ?? LOCAL_ENGINE_DEFAULTS.port),
  idpPort: Number(process.env.MME_IDP_PORT ?? DEV_IDP_DEFAULTS.port),
  dataDir: process.env.MME_DATA_DIR ?? path.resolve(".mme"),
  seed: true,
  dev: process.argv.includes("--dev"),
});
