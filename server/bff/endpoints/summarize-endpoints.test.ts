import fs from "node:fs";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// The list's per-row figures against a real engine: what ListEndpoints does not say, read through the SDK.
let engine: BffTestEngine;
let summarize: typeof import("./summarize-endpoints").summarizeEndpoints;

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "mme-models" });
  summarize = (await import("./summarize-endpoints")).summarizeEndpoints;
});
afterAll(async () => engine?.close());

async function waitFor(name: string, status: string) {
  for (let i = 0; i < 200; i++) {
    if ((await engine.sm.send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} never reached ${status}`);
}

describe("summarizeEndpoints", () => {
  it("answers instances, registry models, 24 h invocations and failure reasons, and marks endpoints gone meanwhile", async () => {
    await engine.createMmeEndpoint("sum-ok", "s3://mme-models/sum-ok/");
    await waitFor("sum-ok", "InService");
    for (const m of ["a", "b"]) {
      await engine.s3.send(new PutObjectCommand({ Bucket: "mme-models", Key: `sum-ok/.mme-registry/${m}/model.json`, Body: "{}" }));
    }
    // Not a registry model: a package put under the prefix by hand is not counted.
    await engine.s3.send(new PutObjectCommand({ Bucket: "mme-models", Key: "sum-ok/loose/v1.tar.gz", Body: "x" }));
    // Three invocations, as any SageMaker client makes them: the engine records SageMaker's Invocations.
    await engine.s3.send(new PutObjectCommand({ Bucket: "mme-models", Key: "sum-ok/onnx-add/v1.tar.gz", Body: fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")) }));
    const runtime = new SageMakerRuntimeClient({ region: LOCAL_ENGINE_DEFAULTS.region, endpoint: engine.url, credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey } });
    const input = (name: string) => ({ name, shape: [1, 4], datatype: "FP32", data: [1, 2, 3, 4] });
    for (let i = 0; i < 3; i++) {
      await runtime.send(
        new InvokeEndpointCommand({ EndpointName: "sum-ok", TargetModel: "onnx-add/v1.tar.gz", ContentType: "application/json", Body: JSON.stringify({ inputs: [input("INPUT0"), input("INPUT1")] }) }),
      );
    }
    runtime.destroy();

    await engine.sm.send(
      new CreateModelCommand({
        ModelName: "sum-bad",
        ExecutionRoleArn: "arn:aws:iam::000000000000:role/R",
        PrimaryContainer: { Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/not-triton:1", Mode: "MultiModel", ModelDataUrl: "s3://mme-models/sum-bad/" },
      }),
    );
    await engine.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "sum-bad-c",
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "sum-bad", InstanceType: "ml.g5.2xlarge", InitialInstanceCount: 3 }],
      }),
    );
    await engine.sm.send(new CreateEndpointCommand({ EndpointName: "sum-bad", EndpointConfigName: "sum-bad-c" }));
    await waitFor("sum-bad", "Failed");

    const { summaries } = await summarize(["sum-ok", "sum-bad", "sum-gone"]);
    expect(summaries["sum-ok"]).toEqual({
      name: "sum-ok",
      instances: [{ instanceType: "ml.g5.xlarge", count: 1 }],
      modelCount: 2,
      invocations24h: 3,
    });
    expect(summaries["sum-bad"]).toMatchObject({ instances: [{ instanceType: "ml.g5.2xlarge", count: 3 }], modelCount: 0, invocations24h: 0 });
    expect(summaries["sum-bad"]?.failureReason).toMatch(/./);
    expect(summaries["sum-gone"]).toEqual({ name: "sum-gone", gone: true, instances: [] });
  });
});
