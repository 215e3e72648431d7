import { DescribeEndpointConfigCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import type { CreateEndpointInput } from "@/lib/schemas/endpoint";

// The BFF use-cases against a real engine over HTTP, through the same SDK client factory the console uses.
let engine: BffTestEngine;
let bff: {
  create: typeof import("./create-mme-endpoint").createMmeEndpoint;
  get: typeof import("./get-endpoint").getEndpoint;
  update: typeof import("./update-instance-count").updateInstanceCount;
  del: typeof import("./delete-endpoint").deleteEndpoint;
  list: typeof import("./list-endpoints").listEndpoints;
};

beforeAll(async () => {
  // Long enough that the steps asserted while Creating/Updating finish before the transition does, even on a loaded machine.
  engine = await startBffTestEngine({ bucket: "mme-models", transitionMs: 1500 });
  bff = {
    create: (await import("./create-mme-endpoint")).createMmeEndpoint,
    get: (await import("./get-endpoint")).getEndpoint,
    update: (await import("./update-instance-count")).updateInstanceCount,
    del: (await import("./delete-endpoint")).deleteEndpoint,
    list: (await import("./list-endpoints")).listEndpoints,
  };
});
afterAll(async () => engine?.close());

const input = (name: string, over: Partial<CreateEndpointInput> = {}): CreateEndpointInput => ({
  name,
  instanceType: "ml.g5.xlarge",
  instanceCount: 1,
  modelDataUrl: "s3://mme-models/team-a/",
  executionRoleArn: "arn:aws:iam::000000000000:role/SageMakerExecutionRole",
  image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3",
  ...over,
});

async function waitForStatus(name: string, status: string) {
  for (let i = 0; i < 300; i++) {
    const ep = await bff.get(name);
    if (ep.status === status) return ep;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} never reached ${status}`);
}

describe("endpoint use-cases", () => {
  it("creates a whole MME, updates its instance count through a new config, and deletes it with its resources", async () => {
    const created = await bff.create(input("bff-life"));
    expect(created.arn).toBe("arn:aws:sagemaker:us-east-1:000000000000:endpoint/bff-life");

    const creating = await bff.get("bff-life");
    expect(creating.status).toBe("Creating");
    expect(creating.models).toEqual([expect.objectContaining({ name: "bff-life", mode: "MultiModel", modelDataUrl: "s3://mme-models/team-a/" })]);
    expect((await bff.list()).map((e) => e.name)).toContain("bff-life");
    await expect(bff.update("bff-life", 2)).rejects.toMatchObject({ code: "conflict" });

    const inService = await waitForStatus("bff-life", "InService");
    expect(inService.variants).toEqual([expect.objectContaining({ variantName: "AllTraffic", instanceType: "ml.g5.xlarge", currentInstanceCount: 1 })]);

    const { endpointConfigName } = await bff.update("bff-life", 2);
    expect(endpointConfigName).not.toBe(inService.endpointConfigName);
    expect((await bff.get("bff-life")).status).toBe("Updating");
    const updated = await waitForStatus("bff-life", "InService");
    expect(updated.endpointConfigName).toBe(endpointConfigName);
    expect(updated.variants[0]?.currentInstanceCount).toBe(2);
    const whats = updated.history.map((h) => h.what);
    expect(whats).toEqual(expect.arrayContaining(["CreateEndpoint", "UpdateEndpoint", "Creating", "Updating", "InService"]));

    const { deleted } = await bff.del("bff-life", true);
    expect(deleted).toEqual(
      expect.arrayContaining(["endpoint/bff-life", `endpoint-config/${inService.endpointConfigName}`, `endpoint-config/${endpointConfigName}`, "model/bff-life"]),
    );
    await expect(engine.sm.send(new DescribeModelCommand({ ModelName: "bff-life" }))).rejects.toThrow(/Could not find model/);
    await expect(engine.sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpointConfigName }))).rejects.toThrow(/Could not find endpoint configuration/);
    for (let i = 0; i < 100; i++) {
      const gone = await bff.get("bff-life").then(
        () => false,
        (e) => e.code === "not_found",
      );
      if (gone) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("endpoint was never deleted");
  });

  it("undoes the model and config when SageMaker refuses the endpoint, so nothing is left behind", async () => {
    await expect(bff.create(input("bff-p4d", { instanceType: "ml.p4d.24xlarge" }))).rejects.toMatchObject({ name: "ValidationException" });
    await expect(engine.sm.send(new DescribeModelCommand({ ModelName: "bff-p4d" }))).rejects.toThrow(/Could not find model/);
    // The same name goes through once the input is right.
    await expect(bff.create(input("bff-p4d"))).resolves.toMatchObject({ name: "bff-p4d" });
  });

  it("keeps SageMaker's error for a duplicate endpoint and leaves the existing one alone", async () => {
    await bff.create(input("bff-dup"));
    await expect(bff.create(input("bff-dup"))).rejects.toThrow(/Cannot create already existing model/);
    expect((await bff.get("bff-dup")).models[0]?.modelDataUrl).toBe("s3://mme-models/team-a/");
  });

  it("answers not_found for an endpoint that does not exist", async () => {
    await expect(bff.get("no-such-endpoint")).rejects.toMatchObject({ code: "not_found" });
    await expect(bff.update("no-such-endpoint", 2)).rejects.toMatchObject({ code: "not_found" });
    await expect(bff.del("no-such-endpoint", true)).rejects.toMatchObject({ code: "not_found" });
  });
});
