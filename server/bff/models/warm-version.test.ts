import fs from "node:fs";
import path from "node:path";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { configMismatchPackage, putVersionDirectly } from "@/test/support/bff/verification-packages";

// Warming a version before an alias moves to it, on a real engine with a three-instance endpoint.
const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const EP = "warm3";
let engine: BffTestEngine;
let bff: {
  warm: typeof import("./warm-version").warmVersion;
  residency: typeof import("@/server/bff/metrics/get-residency").getResidency;
};

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "warm" });
  await engine.sm.send(
    new CreateModelCommand({
      ModelName: EP,
      ExecutionRoleArn: "arn:aws:iam::000000000000:role/R",
      PrimaryContainer: { Image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3", Mode: "MultiModel", ModelDataUrl: "s3://warm/m/" },
    }),
  );
  await engine.sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${EP}-c`,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: EP, InstanceType: "ml.g5.xlarge", InitialInstanceCount: 3 }],
    }),
  );
  await engine.sm.send(new CreateEndpointCommand({ EndpointName: EP, EndpointConfigName: `${EP}-c` }));
  for (let i = 0; ; i++) {
    if ((await engine.sm.send(new DescribeEndpointCommand({ EndpointName: EP }))).EndpointStatus === "InService") break;
    if (i > 100) throw new Error(`${EP} never reached InService`);
    await new Promise((r) => setTimeout(r, 100));
  }
  bff = {
    warm: (await import("./warm-version")).warmVersion,
    residency: (await import("@/server/bff/metrics/get-residency")).getResidency,
  };
});
afterAll(async () => engine?.close());

/** The instances (by index) whose cache has `targetModel` loaded, as the residency view shows them. */
async function residentOn(targetModel: string): Promise<number[]> {
  const view = await bff.residency(EP);
  if (!view.available) throw new Error("no residency view on the engine");
  return view.fleets
    .flatMap((f) => f.instances)
    .filter((i) => i.started && i.models.some((m) => m.targetModel === targetModel && m.state === "loaded"))
    .map((i) => i.index)
    .sort();
}

describe("warming a version on the local engine", () => {
  it("leaves the version resident on every instance of the endpoint, and says so per instance", async () => {
    const v = await putVersionDirectly(engine.s3, { bucket: "warm", prefix: "m/", model: "add", bytes: VALID });
    expect(await residentOn(`add/v${v}.tar.gz`)).toEqual([]);
    const report = await bff.warm(EP, "add", v);
    if (report.mode !== "per-instance") throw new Error(`expected a per-instance report, got ${report.mode}`);
    expect(report.targetModel).toBe(`add/v${v}.tar.gz`);
    expect(report.instances.map((i) => [i.variantName, i.index, i.wasResident])).toEqual([
      ["AllTraffic", 0, false],
      ["AllTraffic", 1, false],
      ["AllTraffic", 2, false],
    ]);
    expect(await residentOn(`add/v${v}.tar.gz`)).toEqual([0, 1, 2]);
    // Again: it is there already, everywhere.
    const again = await bff.warm(EP, "add", v);
    expect(again.mode === "per-instance" && again.instances.map((i) => i.wasResident)).toEqual([true, true, true]);
  });

  it("refuses with warm_failed, in a sentence naming the version and the model's error, when it cannot load", async () => {
    const v = await putVersionDirectly(engine.s3, { bucket: "warm", prefix: "m/", model: "mismatch", bytes: configMismatchPackage("mismatch") });
    const err = await bff.warm(EP, "mismatch", v).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe("warm_failed");
    expect(err?.message).toMatch(new RegExp(`^Could not warm mismatch v${v}: The model mismatch/v${v}\\.tar\\.gz could not be loaded: .*INPUT9`));
    expect(await residentOn(`mismatch/v${v}.tar.gz`)).toEqual([]);
  });

  it("refuses a version whose artifact is missing, and an endpoint that does not exist", async () => {
    await expect(bff.warm(EP, "add", 42)).rejects.toMatchObject({ code: "warm_failed", message: expect.stringMatching(/^Could not warm add v42: Failed to download model data/) });
    await expect(bff.warm("nope", "add", 1)).rejects.toMatchObject({ code: "not_found", message: 'Endpoint "nope" does not exist' });
  });
});
