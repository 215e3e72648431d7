import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError, ValidationError } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, putObject, sdkClients, type Clients, FIXTURES_DIR } from "@/test/support/engine/mme-endpoint";
import { packageFromSource } from "@/test/support/engine/model-packages";
import { startTestEngine, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const BUCKET = "models";
const ACCOUNT = "000000000000";
type Reference = { cases: { request: { inputs: { name: string; shape: number[]; datatype: string; data: number[] }[] } }[] };

let engine: TestEngine;
let c: Clients;
let addRequest: Reference["cases"][number]["request"];

beforeAll(async () => {
  engine = await startTestEngine();
  c = sdkClients(engine);
  await createBucket(c, BUCKET);
  addRequest = fixtureReference<Reference>("onnx-add").cases[0]!.request;
  await putObject(c, BUCKET, "mme/add.tar.gz", fixturePackage("onnx-add"));
  await putObject(c, BUCKET, "mme/broken.tar.gz", readFileSync(join(FIXTURES_DIR, "broken/wrong-filename.tar.gz")));
  await putObject(c, BUCKET, "mme/hostile.tar.gz", readFileSync(join(FIXTURES_DIR, "hostile/traversal.tar.gz")));
  await putObject(c, BUCKET, "mme/not-a-package.tar.gz", new TextEncoder().encode("hello"));
  await putObject(
    c,
    BUCKET,
    "mme/tensorrt.tar.gz",
    packageFromSource("onnx-add", {
      config: (t) => t.replace('platform: "onnxruntime_onnx"', 'platform: "tensorrt_plan"'),
      omit: ["1/model.onnx"],
      files: { "1/model.plan": "not really TensorRT" },
    }),
  );
  await putObject(
    c,
    BUCKET,
    "mme/misnamed-input.tar.gz",
    packageFromSource("onnx-add", { config: (t) => t.replace('name: "INPUT1"', 'name: "INPUT9"') }),
  );
  await putObject(c, BUCKET, "single/model.tar.gz", fixturePackage("onnx-add"));
  await createEndpoint(c, "mme", { bucket: BUCKET, prefix: "mme/" });
  await createEndpoint(c, "single", { bucket: BUCKET, mode: "SingleModel", modelDataUrl: `s3://${BUCKET}/single/model.tar.gz` });
});
afterAll(async () => {
  c?.destroy();
  await engine?.cleanup();
});

const invoke = (input: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]>) =>
  c.runtime.send(new InvokeEndpointCommand({ EndpointName: "mme", ContentType: "application/json", Body: JSON.stringify(addRequest), ...input }));

/** ModelError as SageMaker wraps a container's answer: its status and body, and the instance's log stream. */
async function expectModelError(promise: Promise<unknown>, status: number, message: RegExp): Promise<ModelError> {
  const err = (await expectAwsError(promise, "ModelError", /^Received (client|server) error \(\d{3}\) from primary with message "/, 424)) as ModelError;
  expect(err).toBeInstanceOf(ModelError);
  expect(err.OriginalStatusCode).toBe(status);
  const original = JSON.parse(err.OriginalMessage!) as { error: string };
  expect(original.error).toMatch(message);
  expect(err.message).toContain(`(${status}) from primary with message "${err.OriginalMessage}". See https://us-east-1.console.aws.amazon.com/cloudwatch/home`);
  expect(err.message).toContain(`in account ${ACCOUNT} for more information.`);
  expect(err.LogStreamArn).toMatch(/^arn:aws:logs:us-east-1:000000000000:log-group:\/aws\/sagemaker\/Endpoints\/[a-z-]+:log-stream:AllTraffic\/i-[0-9a-f]{17}$/);
  return err;
}

async function expectValidationError(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  const err = await expectAwsError(promise, "ValidationError", message, 400);
  expect(err).toBeInstanceOf(ValidationError);
}

describe("ValidationError (400)", () => {
  it("for an endpoint that does not exist", async () => {
    await expectValidationError(invoke({ EndpointName: "nope", TargetModel: "add.tar.gz" }), `Endpoint nope of account ${ACCOUNT} not found.`);
  });

  it("for an endpoint that is not in service", async () => {
    const image = defaultTritonImage("us-east-1")!;
    await c.sm.send(new CreateModelCommand({ ModelName: "failing", PrimaryContainer: { Image: image, Mode: "MultiModel", ModelDataUrl: "s3://no-such-bucket/m/" } }));
    await c.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "failing-cfg",
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "failing", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
      }),
    );
    await c.sm.send(new CreateEndpointCommand({ EndpointName: "failing", EndpointConfigName: "failing-cfg" }));
    await waitFor(
      () => invoke({ EndpointName: "failing", TargetModel: "add.tar.gz" }).catch((e: Error) => e.message),
      (m) => typeof m === "string" && m.includes("status Failed"),
    );
    await expectValidationError(invoke({ EndpointName: "failing", TargetModel: "add.tar.gz" }), /^Endpoint failing of account 000000000000 is not in service \(status Failed\)/);
  });

  it("for a multi-model endpoint invoked without a target model", async () => {
    await expectValidationError(invoke({}), /^Request [0-9a-f-]{36} is missing a target model header\.$/);
  });

  it("for a single-model endpoint invoked with a target model", async () => {
    await expectValidationError(
      invoke({ EndpointName: "single", TargetModel: "add.tar.gz" }),
      "Endpoint single is not a multi-model endpoint and does not support target model header.",
    );
    // Without one, the single model answers.
    const out = await invoke({ EndpointName: "single" });
    expect(out.InvokedProductionVariant).toBe("AllTraffic");
  });

  it("for a target model that is not in S3", async () => {
    await expectValidationError(
      invoke({ TargetModel: "missing/v9.tar.gz" }),
      `Failed to download model data(bucket: ${BUCKET}, key: mme/missing/v9.tar.gz). Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the model.`,
    );
  });

  it("for a variant the endpoint does not have", async () => {
    await expectValidationError(invoke({ TargetModel: "add.tar.gz", TargetVariant: "Canary" }), "Variant Canary not found for endpoint mme.");
  });

  it("for a payload over 6 MB", async () => {
    await expectValidationError(invoke({ TargetModel: "add.tar.gz", Body: new Uint8Array(6 * 1024 * 1024 + 1) }), /^Request [0-9a-f-]{36} has oversize body\.$/);
    // Exactly at the limit the payload reaches the model (which refuses it as JSON).
    await expectModelError(invoke({ TargetModel: "add.tar.gz", Body: new Uint8Array(6 * 1024 * 1024) }), 400, /failed to parse the request JSON/);
  });

  it("for custom attributes longer than 1024 characters", async () => {
    await expectValidationError(invoke({ TargetModel: "add.tar.gz", CustomAttributes: "a".repeat(1025) }), /at 'customAttributes' failed to satisfy constraint: Member must have length less than or equal to 1024$/);
  });
});

describe("ModelError (424) when the model refuses the request", () => {
  const withInputs = (inputs: unknown[]) => JSON.stringify({ inputs });
  const [in0, in1] = [
    { name: "INPUT0", shape: [2, 4], datatype: "FP32", data: [1, 2, 3, 4, 5, 6, 7, 8] },
    { name: "INPUT1", shape: [2, 4], datatype: "FP32", data: [1, 2, 3, 4, 5, 6, 7, 8] },
  ];

  it("for an input name the model does not have", async () => {
    await expectModelError(invoke({ TargetModel: "add.tar.gz", Body: withInputs([in0, { ...in1, name: "INPUT7" }]) }), 400, /^unexpected inference input 'INPUT7' for model 'add.tar.gz'/);
  });

  it("for a missing input", async () => {
    await expectModelError(invoke({ TargetModel: "add.tar.gz", Body: withInputs([in0]) }), 400, /missing 'INPUT1'/);
  });

  it("for a shape the config does not allow", async () => {
    await expectModelError(
      invoke({ TargetModel: "add.tar.gz", Body: withInputs([in0, { ...in1, shape: [4, 2] }]) }),
      400,
      /^unexpected shape for input 'INPUT1' for model 'add.tar.gz'. Expected \[-1,4\], got \[4,2\]$/,
    );
  });

  it("for a json-header-size SageMaker's Triton cannot read, in its words", async () => {
    const binary = (size: string) => invoke({ TargetModel: "add.tar.gz", ContentType: `application/vnd.sagemaker-triton.binary+json;json-header-size=${size}`, Body: withInputs([in0, in1]) });
    await expectModelError(binary("abc"), 400, /^Unable to parse inference header size, got: abc$/);
    await expectModelError(binary("99999"), 400, /^inference header size should be in range \(0, \d+\), got: 99999$/);
    // Without the exact `;json-header-size=` (here a space), Triton reads the whole body as JSON, as the notebooks' octet-stream JSON is read.
    const spaced = await invoke({ TargetModel: "add.tar.gz", ContentType: "application/vnd.sagemaker-triton.binary+json; json-header-size=3", Body: withInputs([in0, in1]) });
    expect(JSON.parse(new TextDecoder().decode(spaced.Body)).model_name).toBe("add.tar.gz");
  });

  it("for the wrong datatype", async () => {
    await expectModelError(invoke({ TargetModel: "add.tar.gz", Body: withInputs([in0, { ...in1, datatype: "INT32" }]) }), 400, /'INPUT1' has datatype INT32, but model 'add.tar.gz' expects FP32/);
  });

  it("for a body that is not a v2 request", async () => {
    await expectModelError(invoke({ TargetModel: "add.tar.gz", Body: "1,2,3,4", ContentType: "text/csv" }), 400, /^failed to parse the request JSON/);
  });

  it("for a package the checker refuses", async () => {
    // SageMaker's Triton answers a load that fails 400, naming the model by its target model.
    await expectModelError(invoke({ TargetModel: "broken.tar.gz" }), 400, /^failed to load 'broken.tar.gz': .*model\.onnx/);
    await expectModelError(invoke({ TargetModel: "hostile.tar.gz" }), 400, /^failed to load 'hostile.tar.gz': .*\.\./);
    await expectModelError(invoke({ TargetModel: "not-a-package.tar.gz" }), 400, /^failed to load 'not-a-package.tar.gz': /);
  });

  it("for a config that disagrees with the model", async () => {
    await expectModelError(invoke({ TargetModel: "misnamed-input.tar.gz" }), 400, /^failed to load model 'misnamed-input.tar.gz': config.pbtxt names input 'INPUT9', but the model's inputs are 'INPUT0', 'INPUT1'$/);
  });

  it("for a platform the local engine cannot run", async () => {
    // PyTorch has its own backend now (server/engine/backends/torch); TensorRT has none.
    await expectModelError(invoke({ TargetModel: "tensorrt.tar.gz" }), 501, /^the local engine cannot run platform "tensorrt_plan" yet/);
  });

  it("leaves nothing loaded or on disk after failed loads", () => {
    const [fleet] = engine.modelCache.snapshot().endpoints.filter((e) => e.endpointName === "mme");
    const held = fleet!.instances.flatMap((i) => [...i.models.map((m) => m.targetModel), ...i.disk.models.map((m) => m.targetModel)]);
    expect(held.filter((m) => m !== "add.tar.gz")).toEqual([]);
  });
});
