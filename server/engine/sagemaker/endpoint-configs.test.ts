import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  ListTagsCommand,
  SageMakerClient,
  type ProductionVariant,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

const TRITON = defaultTritonImage("us-east-1")!;
const arnOf = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:000000000000:${type}/${name}`;

let engine: TestEngine;
let sm: SageMakerClient;

beforeAll(async () => {
  engine = await startTestEngine();
  sm = new SageMakerClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await sm.send(new CreateModelCommand({ ModelName: "mme", PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://m/p/" } }));
  await sm.send(new CreateModelCommand({ ModelName: "single", PrimaryContainer: { Image: TRITON, ModelDataUrl: "s3://m/one.tar.gz" } }));
});
afterAll(async () => {
  sm?.destroy();
  await engine?.cleanup();
});

const variant = (over: Partial<ProductionVariant> = {}): ProductionVariant => ({
  VariantName: "AllTraffic",
  ModelName: "mme",
  InstanceType: "ml.g5.xlarge",
  InitialInstanceCount: 1,
  ...over,
});
const createConfig = (name: string, variants: ProductionVariant[], extra: Record<string, unknown> = {}) =>
  sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants: variants, ...extra }));

describe("CreateEndpointConfig / DescribeEndpointConfig / DeleteEndpointConfig", () => {
  it("creates a configuration and describes it with AWS's defaults", async () => {
    const out = await createConfig("GPU-Config", [variant({ InitialInstanceCount: 2 })], { Tags: [{ Key: "env", Value: "dev" }] });
    expect(out.EndpointConfigArn).toBe(arnOf("endpoint-config", "gpu-config"));
    const d = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "gpu-config" }));
    expect(d).toMatchObject({
      EndpointConfigName: "GPU-Config",
      EndpointConfigArn: arnOf("endpoint-config", "gpu-config"),
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "mme", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 2, InitialVariantWeight: 1 }],
    });
    expect(d.CreationTime).toBeInstanceOf(Date);
    expect((await sm.send(new ListTagsCommand({ ResourceArn: out.EndpointConfigArn }))).Tags).toEqual([{ Key: "env", Value: "dev" }]);
  });

  it("refuses a duplicate", async () => {
    await createConfig("twice", [variant()]);
    await expectAwsError(
      createConfig("Twice", [variant()]),
      "ValidationException",
      `Cannot create already existing endpoint configuration "${arnOf("endpoint-config", "twice")}".`,
    );
  });

  it("refuses a variant whose model does not exist", async () => {
    await expectAwsError(createConfig("orphan", [variant({ ModelName: "nope" })]), "ValidationException", `Could not find model "${arnOf("model", "nope")}".`);
  });

  it("says a missing configuration could not be found", async () => {
    const message = `Could not find endpoint configuration "${arnOf("endpoint-config", "ghost")}".`;
    await expectAwsError(sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "ghost" })), "ValidationException", message);
    await expectAwsError(sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: "ghost" })), "ValidationException", message);
  });

  it("deletes a configuration (and, as on AWS, even a model still named by one)", async () => {
    await sm.send(new CreateModelCommand({ ModelName: "short-lived", PrimaryContainer: { Image: TRITON } }));
    await createConfig("gone-soon", [variant({ ModelName: "short-lived" })]);
    await sm.send(new DeleteModelCommand({ ModelName: "short-lived" }));
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: "gone-soon" }));
    await expectAwsError(sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "gone-soon" })), "ValidationException", /^Could not find endpoint configuration/);
  });
});

describe("GPU multi-model endpoints", () => {
  it.each(["ml.g5.12xlarge", "ml.p4d.24xlarge", "ml.g4dn.12xlarge", "ml.p3.8xlarge"])("refuses multi-GPU %s for a MultiModel model", async (type) => {
    await expectAwsError(
      createConfig(`multi-${type.replace(/\./g, "-")}`, [variant({ InstanceType: type as never })]),
      "ValidationException",
      `MultiModel mode is not supported for instance type ${type}.`,
    );
  });

  it("accepts single-GPU and CPU types for MultiModel, and multi-GPU types for a single model", async () => {
    await createConfig("single-gpu", [variant({ InstanceType: "ml.g4dn.xlarge" })]);
    await createConfig("cpu-mme", [variant({ InstanceType: "ml.m5.large" })]);
    await createConfig("big-single", [variant({ ModelName: "single", InstanceType: "ml.p4d.24xlarge" })]);
  });
});

describe("ProductionVariants validation", () => {
  it("rejects an instance type outside the catalog with AWS's enum message", async () => {
    await expectAwsError(
      createConfig("unknown-type", [variant({ InstanceType: "ml.x9.huge" as never })]),
      "ValidationException",
      /^1 validation error detected: Value 'ml\.x9\.huge' at 'productionVariants\.1\.member\.instanceType' failed to satisfy constraint: Member must satisfy enum value set: \[ml\.g4dn\.xlarge, .*ml\.m5\.large.*\]$/,
    );
  });

  it("needs at least one instance", async () => {
    await expectAwsError(
      createConfig("zero", [variant({ InitialInstanceCount: 0 })]),
      "ValidationException",
      "1 validation error detected: Value '0' at 'productionVariants.1.member.initialInstanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it("needs at least one variant", async () => {
    await expectAwsError(
      createConfig("empty", []),
      "ValidationException",
      "1 validation error detected: Value '[]' at 'productionVariants' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("refuses duplicate variant names and missing instance settings", async () => {
    await expectAwsError(createConfig("dup-variants", [variant(), variant()]), "ValidationException", 'Duplicate VariantName "AllTraffic" in ProductionVariants.');
    await expectAwsError(
      createConfig("no-type", [variant({ InstanceType: undefined })]),
      "ValidationException",
      "InstanceType and InitialInstanceCount must be specified for production variant AllTraffic.",
    );
  });
});

describe("ListEndpointConfigs", () => {
  it("lists configurations whose name contains a string, newest first", async () => {
    const { EndpointConfigs } = await sm.send(new ListEndpointConfigsCommand({ NameContains: "gpu", MaxResults: 100 }));
    expect(EndpointConfigs).toEqual([
      { EndpointConfigName: "single-gpu", EndpointConfigArn: arnOf("endpoint-config", "single-gpu"), CreationTime: expect.any(Date) },
      { EndpointConfigName: "GPU-Config", EndpointConfigArn: arnOf("endpoint-config", "gpu-config"), CreationTime: expect.any(Date) },
    ]);
  });
});
