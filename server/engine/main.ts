import { parseArgs } from "node:util";
import { ENGINE_DEFAULTS } from "./config";
import { startEngine } from "./start-engine";

/**
 * `npm run engine -- --port <n> --data-dir <dir>`: runs the local engine in the foreground on
 * 127.0.0.1. Prints exactly one line to stdout once listening (scripts and tests wait for it);
 * everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const port = Number(values.port ?? process.env.MME_ENGINE_PORT ?? ENGINE_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not "${values.port}"`);
  const dataDir = values["data-dir"] ?? process.env.MME_ENGINE_DATA_DIR ?? ENGINE_DEFAULTS.dataDir;

  const engine = await startEngine({ port, dataDir });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`mme-engine: ${signal}, shutting down\n`);
    engine.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("mme-engine: shutdown failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Only now: whoever waits for this line may signal us the moment it reads it.
  process.stdout.write(`mme-engine listening on ${engine.url}\n`);
}

main().catch((err: unknown) => {
  console.error("mme-engine: failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
