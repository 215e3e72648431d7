/**
 * `npm run mme -- verify`: the console's verification of a version (server/bff/models/verify-version.ts),
 * run from a terminal. It loads and invokes the version on its endpoint with InvokeEndpoint and the
 * example input of its signature, and records the outcome in the registry as the console does, so the
 * console shows it too. The clients follow the console's rules (server/aws/backend-config.ts): the
 * local engine unless MME_BACKEND=aws; --endpoint-url and --region only set what those rules read.
 * Loaded under the `react-server` condition (see package.json's "mme"), where `server-only` is empty.
 */
import { parseArgs } from "node:util";
import type { Verification } from "../lib/model-registry";
import { formatMs, outputShapes, verificationSentence } from "../lib/model-verification";

export const VERIFY_USAGE = `usage: npm run mme -- verify --endpoint <name> --model <name> [--version <N>] [--region <region>] [--endpoint-url <url>]

  verify          load and invoke a model version on its endpoint (the newest ready one by default)
  --region        the region (AWS_REGION with MME_BACKEND=aws, else the local engine's MME_ENGINE_REGION)
  --endpoint-url  the local engine's URL (MME_ENGINE_URL), or with MME_BACKEND=aws an AWS-compatible endpoint

exit status: 0 verified, 1 failed, 2 usage error or the check could not run`;

/** Exit status 0 verified, 1 failed, 2 for a usage error or a check that could not run (unverified). */
export async function verifyCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { endpoint: { type: "string" }, model: { type: "string" }, version: { type: "string" }, region: { type: "string" }, "endpoint-url": { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const version = values.version === undefined ? undefined : Number(values.version);
  if (!values.endpoint || !values.model || (version !== undefined && !(Number.isInteger(version) && version >= 1))) {
    console.error(VERIFY_USAGE);
    return 2;
  }
  const aws = process.env.MME_BACKEND === "aws";
  if (values["endpoint-url"]) process.env[aws ? "AWS_ENDPOINT_URL" : "MME_ENGINE_URL"] = values["endpoint-url"];
  if (values.region) process.env[aws ? "AWS_REGION" : "MME_ENGINE_REGION"] = values.region;

  // After the environment is set: the client factory reads it once, on its first client.
  const { modelDataLocation } = await import("../server/bff/shared/model-data-location");
  const { readHead } = await import("../server/bff/models/model-head");
  const { latestReady } = await import("../server/bff/models/list-models");
  const { verifyVersion } = await import("../server/bff/models/verify-version");
  try {
    let n = version;
    if (n === undefined) {
      const head = (await readHead(await modelDataLocation(values.endpoint), values.model))?.value;
      n = head && latestReady(head);
      if (n === undefined) throw new Error(head ? `Model "${values.model}" has no ready version` : `Model "${values.model}" does not exist on endpoint "${values.endpoint}"`);
    }
    const outcome = await verifyVersion(values.endpoint, values.model, n, { waitMs: Number.POSITIVE_INFINITY });
    return report(values.model, n, outcome);
  } catch (e) {
    console.error(`cannot verify: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

function report(model: string, version: number, v: Verification): number {
  const line = `${model} ${verificationSentence(version, v)}`;
  if (v.status !== "verified") {
    console.log(v.status === "failed" ? `FAIL  ${line}` : `NOT VERIFIED  ${line}`);
    return v.status === "failed" ? 1 : 2;
  }
  console.log(`OK    ${line}`);
  console.log(`load time      ${formatMs(v.loadMs)}${v.coldLoad === false ? " (it was already loaded)" : ""}`);
  console.log(`latency        ${formatMs(v.latencyMs)}`);
  console.log(`outputs        ${outputShapes(v) || "none"}`);
  return 0;
}
