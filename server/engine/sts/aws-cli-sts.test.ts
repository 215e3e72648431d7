import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI_VERSION, runAwsCli, SKIP_AWS_CLI } from "@/test/support/engine/aws-cli";
import { startTestEngine, TEST_CONFIG, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * STS, and services the engine does not serve, driven by the real AWS CLI (botocore signs,
 * serialises and parses). Outside CI these tests skip without `aws`; in CI they fail without it.
 */
let engine: TestEngine;
const aws = (args: string[]) => runAwsCli(engine.url, [...args, "--output", "json"]);
const SERVED = "s3, sagemaker, sagemaker-runtime (signed as sagemaker), monitoring (CloudWatch), application-autoscaling and sts";

describe.skipIf(SKIP_AWS_CLI)(`AWS CLI on STS (${AWS_CLI_VERSION ?? "not installed"})`, () => {
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.cleanup();
  });

  it("aws sts get-caller-identity names the engine's account", async () => {
    const out = await aws(["sts", "get-caller-identity"]);
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual({
      UserId: "AIDAMMELOCALENGINE001",
      Account: TEST_CONFIG.accountId,
      Arn: `arn:aws:iam::${TEST_CONFIG.accountId}:user/mme-local`,
    });
  });

  it("says which STS action it does not serve", async () => {
    const out = await aws(["sts", "get-session-token"]);
    expect(out.code).not.toBe(0);
    expect(out.stderr.trim()).toBe(
      "An error occurred (InvalidAction) when calling the GetSessionToken operation: The local engine serves only the STS action GetCallerIdentity, not GetSessionToken.",
    );
  });

  it("answers IAM (awsQuery) and ECR (awsJson) with an error naming the service, never a signature error", async () => {
    const iam = await aws(["iam", "get-role", "--role-name", "SageMakerExecutionRole"]);
    expect(iam.code).not.toBe(0);
    expect(iam.stderr.trim()).toBe(`An error occurred (InvalidAction) when calling the GetRole operation: The local engine does not serve iam (it serves ${SERVED}).`);
    const ecr = await aws(["ecr", "describe-repositories"]);
    expect(ecr.code).not.toBe(0);
    expect(ecr.stderr.trim()).toBe(
      `An error occurred (UnknownOperationException) when calling the DescribeRepositories operation: The local engine does not serve ecr (it serves ${SERVED}).`,
    );
  });
});
