import { parseArgs } from "node:util";
import { productionProblems, readDevIdpConfig } from "./config";
import { startDevIdp } from "./start-dev-idp";

/**
 * `tsx server/dev-idp/main.ts --port <n>`: runs the dev identity provider in the foreground on
 * 127.0.0.1. Prints exactly one line to stdout once listening (scripts and tests wait for it);
 * everything else goes to stderr. Settings: see config.ts (MME_IDP_*, MME_DEV_PASSWORD).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string" } } });
  const config = readDevIdpConfig(process.env, values.port);
  const problems = productionProblems(config);
  if (problems.length > 0) {
    console.error(`mme-dev-idp: refusing to start with NODE_ENV=production:\n  - ${problems.join("\n  - ")}`);
    process.exit(2);
  }

  const idp = await startDevIdp(config);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`mme-dev-idp: ${signal}, shutting down\n`);
    idp.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("mme-dev-idp: shutdown failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Only now: whoever waits for this line may signal us the moment it reads it.
  process.stdout.write(`mme-dev-idp listening on ${idp.issuer}\n`);
}

main().catch((err: unknown) => {
  console.error("mme-dev-idp: failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
