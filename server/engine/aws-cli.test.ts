import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { AWS_CLI_VERSION, runAwsCli, SKIP_AWS_CLI } from "@/test/support/engine/aws-cli";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

/** The engine driven by the real AWS CLI (botocore signs and parses): see testing/aws-cli.ts. */
let engine: TestEngine;

const aws = (args: string[], env: Record<string, string> = {}) => runAwsCli(engine.url, [...args, "--output", "json"], env);

describe.skipIf(SKIP_AWS_CLI)(`AWS CLI (${AWS_CLI_VERSION ?? "not installed"})`, () => {
  beforeAll(async () => {
    engine = await startTestEngine({ config: { transitionMs: 0 } });
  });
  afterAll(async () => {
    await engine?.cleanup();
  });

  it("creates and describes SageMaker resources", async () => {
    const image = defaultTritonImage("us-east-1")!;
    // The endpoint deploys only if its model data bucket exists in the engine's S3.
    expect((await aws(["s3", "mb", "s3://cli-models"])).code).toBe(0);
    const model = await aws(["sagemaker", "create-model", "--model-name", "cli-model", "--primary-container", `Image=${image},Mode=MultiModel,ModelDataUrl=s3://cli-models/m/`]);
    expect(model.stderr).toBe("");
    expect(JSON.parse(model.stdout)).toEqual({ ModelArn: "arn:aws:sagemaker:us-east-1:000000000000:model/cli-model" });

    const config = await aws([
      "sagemaker", "create-endpoint-config", "--endpoint-config-name", "cli-cfg",
      "--production-variants", "VariantName=AllTraffic,ModelName=cli-model,InstanceType=ml.g5.xlarge,InitialInstanceCount=1",
    ]);
    expect(config.code).toBe(0);
    expect((await aws(["sagemaker", "create-endpoint", "--endpoint-name", "cli-ep", "--endpoint-config-name", "cli-cfg"])).code).toBe(0);

    const described = JSON.parse((await aws(["sagemaker", "describe-endpoint", "--endpoint-name", "cli-ep"])).stdout);
    expect(described.EndpointStatus).toBe("InService");
    expect(described.CreationTime).toEqual(expect.any(Number)); // epoch seconds, as AWS sends them
  }, 30_000);

  it("reports AWS's errors as the CLI prints them", async () => {
    const missing = await aws(["sagemaker", "describe-endpoint", "--endpoint-name", "nope"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe(
      'An error occurred (ValidationException) when calling the DescribeEndpoint operation: Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/nope".',
    );
    const badKey = await aws(["sagemaker", "list-models"], { AWS_SECRET_ACCESS_KEY: "wrong" });
    expect(badKey.stderr).toContain("An error occurred (InvalidSignatureException) when calling the ListModels operation: The request signature we calculated does not match");
  }, 30_000);
});
