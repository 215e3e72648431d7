import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOTO3, runBoto3Script, SKIP_BOTO3 } from "@/test/support/engine/boto3";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * The SageMaker Python SDK's `Session().default_bucket()` and an upload into it, replayed call for
 * call with boto3 (test/support/engine/default_bucket_flow.py): STS names the account, S3 is asked
 * for the bucket with the owner condition the SDK sends, it is made, checked again and written to.
 * Outside CI these tests skip without a python3 that has boto3; in CI they fail without one.
 */
const ACCOUNT = "123456789012";

type Call = { call: string; expectedBucketOwner: string | null; status: number; code: string | null; message: string | null };
type Flow = { bucket: string; uri: string; stored: string; phases: Record<"first" | "again" | "wrongOwner" | "iam", Call[]> };

const ok = (call: string, expectedBucketOwner: string | null = null): Call => ({ call, expectedBucketOwner, status: 200, code: null, message: null });
const sts = ok("sts.GetCallerIdentity");

describe.skipIf(SKIP_BOTO3)(`boto3 replaying the SageMaker SDK's default_bucket() (${BOTO3?.version ?? "boto3 not installed"})`, () => {
  // us-east-1 creates the bucket without a LocationConstraint; any other region must send its own,
  // or the engine refuses CreateBucket (IllegalLocationConstraintException) as S3 does.
  describe.each(["eu-west-1", "us-east-1"])("in %s", (region) => {
    let engine: TestEngine;
    let flow: Flow;
    beforeAll(async () => {
      engine = await startTestEngine({ config: { region, accountId: ACCOUNT } });
      const run = await runBoto3Script("default_bucket_flow.py", engine.url, region);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      flow = JSON.parse(run.stdout) as Flow;
    }, 60_000);
    afterAll(async () => {
      await engine?.cleanup();
    });

    it("names the bucket after the engine's region and account, and creates it after HeadBucket's 404 'Not Found'", () => {
      expect(flow.bucket).toBe(`sagemaker-${region}-${ACCOUNT}`);
      expect(flow.phases.first).toEqual([
        sts,
        ok("s3.ListBuckets"),
        sts,
        { call: "s3.HeadBucket", expectedBucketOwner: ACCOUNT, status: 404, code: "404", message: "Not Found" },
        ok("s3.CreateBucket"),
      ]);
    });

    it("finds the bucket the next time, passes both owner checks and uploads with ExpectedBucketOwner", () => {
      expect(flow.phases.again).toEqual([
        sts,
        ok("s3.ListBuckets"),
        sts,
        ok("s3.HeadBucket", ACCOUNT),
        sts,
        ok("s3.HeadBucket", ACCOUNT),
        sts,
        ok("s3.PutObject", ACCOUNT),
      ]);
      expect(flow.uri).toBe(`s3://sagemaker-${region}-${ACCOUNT}/code/entry.py`);
      expect(flow.stored).toBe("print('hello')\n");
    });

    it("refuses another account as S3 does: HeadBucket '403'/'Forbidden' (what the SDK checks), PutObject AccessDenied, nothing written", () => {
      expect(flow.phases.wrongOwner).toEqual([
        { call: "s3.HeadBucket", expectedBucketOwner: "111111111111", status: 403, code: "403", message: "Forbidden" },
        { call: "s3.PutObject", expectedBucketOwner: "111111111111", status: 403, code: "AccessDenied", message: "Access Denied" },
        { call: "s3.HeadObject", expectedBucketOwner: null, status: 404, code: "404", message: "Not Found" },
        ok("s3.GetObject"),
      ]);
    });

    it("answers IAM's GetRole with an error naming iam, not a signature error", () => {
      expect(flow.phases.iam).toEqual([
        {
          call: "iam.GetRole",
          expectedBucketOwner: null,
          status: 400,
          code: "InvalidAction",
          message: "The local engine does not serve iam (it serves s3, sagemaker, sagemaker-runtime (signed as sagemaker), monitoring (CloudWatch), application-autoscaling and sts).",
        },
      ]);
    });
  });
});
