import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import type { CapacityView } from "@/lib/schemas/capacity";
import { replayedGpuTypes } from "@/test/support/capacity/replayed-types";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { ADD_REQUEST } from "@/test/support/bff/release-fixtures";
import { putVersionDirectly } from "@/test/support/bff/verification-packages";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EP = "cli-cap";
let engine: BffTestEngine;
// The GPU types the plan replays for this endpoint (ml.g5.xlarge in us-east-1), as the route's own test counts them.
const replayedCount = replayedGpuTypes("us-east-1", "ml.g5.xlarge").length;

/** Runs the CLI as `npm run mme --` does (tsx, under the react-server condition), against the test's engine (MME_ENGINE_URL, inherited). */
async function mme(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/mme.ts", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: EP });
  await engine.createMmeEndpoint(EP, `s3://${EP}/m/`);
  await engine.waitInService(EP);
  await putVersionDirectly(engine.s3, { bucket: EP, prefix: "m/", model: "add", bytes: fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")) });
  const runtime = new SageMakerRuntimeClient({ region: LOCAL_ENGINE_DEFAULTS.region, endpoint: engine.url, credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey } });
  for (let i = 0; i < 3; i++) {
    await runtime.send(new InvokeEndpointCommand({ EndpointName: EP, TargetModel: "add/v1.tar.gz", ContentType: "application/json", Body: JSON.stringify(ADD_REQUEST) }));
  }
  runtime.destroy();
});
afterAll(async () => engine?.close());

describe("npm run mme -- capacity", () => {
  it("prints the models, the configurations cheapest first with the cheapest meeting the target and the current one marked, the health line and the dedicated baseline", async () => {
    const r = await mme("capacity", EP, "--range", "1h", "--max-instances", "2", "--target-hit-ratio", "0.5");
    expect(r.stderr).not.toMatch(/cannot plan/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cli-cap \(us-east-1\), 1h from \S+ to \S+$/m);
    expect(r.stdout).toMatch(/^now {12}1 × ml\.g5\.xlarge$/m);
    expect(r.stdout).toMatch(/^target {9}hit ratio ≥ 50\.0%$/m);
    expect(r.stdout).toMatch(/^health {9}Healthy: .+, 1 model called\.$/m);
    expect(r.stdout).toMatch(/^add\/v1\.tar\.gz +3 +3 +.+ \(measured\) +.+ \(measured\)$/m);
    // A GPU endpoint: the GPU types of us-east-1 worth replaying × 1..2 × 2 policies, the 12 cheapest shown (with the current one below them).
    expect(r.stdout).toMatch(new RegExp(`^${replayedCount * 2 * 2} configurations replayed in .+; the 1[23] cheapest shown`, "m"));
    expect(r.stdout).not.toContain("ml.m5.xlarge");
    // One row marked current (=), one cheapest meeting the target (*).
    expect(r.stdout.match(/^[* ]= +ml\.g5\.xlarge +1 +lru /gm)).toHaveLength(1);
    expect(r.stdout.match(/^\*/gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/^cheapest {7}1 × ml\.\S+ \((lru|engine)\), \$[\d,]+\/month$/m);
    expect(r.stdout).toMatch(/^dedicated {6}1 endpoint, one per model: \$[\d,]+\/month/m);
  });

  it("prints the route's answer with --json", async () => {
    const r = await mme("capacity", EP, "--range", "1h", "--max-instances", "1", "--target-hit-ratio", "0.5", "--json");
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as CapacityView;
    expect(view.models.map((m) => [m.name, m.invocations])).toEqual([["add/v1.tar.gz", 3]]);
    expect(view.configs).toHaveLength(replayedCount * 2);
    expect(view.target.hitRatio).toBe(0.5);
  });

  it.each([
    [["capacity"], "usage: npm run mme -- capacity"],
    [["capacity", EP, "--range", "2d"], "range must be 1h, 1d or 1w"],
    [["capacity", EP, "--target-hit-ratio", "1.5"], "--target-hit-ratio must be from 0 to 1"],
    [["capacity", EP, "--max-instances", "0"], "--max-instances must be from 1 to 10"],
    [["capacity", EP, "--colour"], "Unknown option '--colour'"],
    [["capacity", "nope"], 'cannot plan: Endpoint "nope" does not exist'],
  ])("exits 2 for the bad input %j, saying what is wrong", async (args, sentence) => {
    const r = await mme(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(sentence);
  });
});
