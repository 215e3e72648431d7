import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invokeSnippet, pythonLiteral, shellQuote, type SnippetInput } from "@/lib/playground/invoke-snippets";
import { invocationsUrl, type RuntimeLocation } from "@/lib/playground/runtime-location";
import { AWS_CLI_VERSION, SKIP_AWS_CLI } from "@/test/support/engine/aws-cli";
import { BOTO3, SKIP_BOTO3 } from "@/test/support/engine/boto3";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

type Reference = { cases: { request: unknown; response: { outputs: unknown[] } }[] };

const AWS: RuntimeLocation = { kind: "aws", region: "eu-west-1" };
const sample = (over: Partial<SnippetInput> = {}): SnippetInput => ({
  runtime: AWS,
  endpoint: "prod-mme",
  targetModel: "resnet/v3.tar.gz",
  body: { inputs: [{ name: "TEXT", shape: [1], datatype: "BYTES", data: ["it's \"quoted\""] }] },
  ...over,
});

describe("invoke snippets, as text", () => {
  it("point at AWS's regional runtime, or the local engine's URL", () => {
    expect(invocationsUrl(AWS, "prod-mme")).toBe("https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/prod-mme/invocations");
    expect(invocationsUrl({ kind: "aws", region: "cn-north-1" }, "e")).toBe("https://runtime.sagemaker.cn-north-1.amazonaws.com.cn/endpoints/e/invocations");
    expect(invocationsUrl({ kind: "local", region: "us-east-1", url: "http://127.0.0.1:9470/" }, "e")).toBe("http://127.0.0.1:9470/endpoints/e/invocations");

    const curl = invokeSnippet("curl", sample());
    expect(curl).toContain(`--aws-sigv4 aws:amz:eu-west-1:sagemaker`);
    expect(curl).toContain(`'https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/prod-mme/invocations'`.replace(/'/g, ""));
    expect(curl).toContain(`-H 'X-Amzn-SageMaker-Target-Model: resnet/v3.tar.gz'`);
    const cli = invokeSnippet("aws-cli", sample());
    expect(cli).toContain("--target-model resnet/v3.tar.gz");
    expect(cli).toContain("--region eu-west-1 \\");
    expect(cli).not.toContain("--endpoint-url");
    expect(invokeSnippet("boto3", sample())).toContain(`boto3.client("sagemaker-runtime", region_name="eu-west-1")`);
    expect(invokeSnippet("javascript", sample())).toContain(`new SageMakerRuntimeClient({ region: "eu-west-1" })`);
  });

  it("carry no credentials, only references to the user's environment", () => {
    const local: RuntimeLocation = { kind: "local", region: "us-east-1", url: "http://127.0.0.1:9470" };
    for (const language of ["curl", "aws-cli", "boto3", "javascript"] as const) {
      const text = invokeSnippet(language, sample({ runtime: local }));
      expect(text).not.toContain(TEST_CREDENTIALS.accessKeyId);
      expect(text).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    }
    expect(invokeSnippet("curl", sample())).toContain(`--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`);
  });

  it("quote for the shell and for Python", () => {
    expect(shellQuote("plain-word/v1.tar.gz")).toBe("plain-word/v1.tar.gz");
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(pythonLiteral({ a: [true, false, null, 1.5, "x\"y"] })).toBe(`{"a": [True, False, None, 1.5, "x\\"y"]}`);
  });
});

/**
 * Each snippet, run as a user would run it, against a real engine: they must return the model's
 * answer (onnx-add's reference), so a snippet that signs, quotes or names anything wrong fails here.
 */
describe("invoke snippets, run against the engine", () => {
  let engine: TestEngine;
  let c: Clients;
  let dir: string;
  const reference = fixtureReference<Reference>("onnx-add").cases[0]!;
  const input = (): SnippetInput => ({
    runtime: { kind: "local", region: TEST_CONFIG.region, url: engine.url },
    endpoint: "snippets",
    targetModel: "onnx-add/v1.tar.gz",
    body: reference.request,
  });

  beforeAll(async () => {
    engine = await startTestEngine({ config: { transitionMs: 0 } });
    c = sdkClients(engine);
    await createBucket(c, "snippets");
    await putObject(c, "snippets", "m/onnx-add/v1.tar.gz", fixturePackage("onnx-add"));
    await createEndpoint(c, "snippets", { bucket: "snippets", prefix: "m/" });
    dir = mkdtempSync(join(tmpdir(), "mme-snippets-"));
  });
  afterAll(async () => {
    c?.destroy();
    await engine?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The command in a clean environment: the test keys as a user exports them, nothing of this machine's AWS setup. */
  const run = (file: string, args: string[], cwd = dir) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        file,
        args,
        {
          cwd,
          env: {
            NODE_ENV: "test",
            PATH: process.env.PATH ?? "",
            HOME: process.env.HOME ?? "/tmp",
            AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
            AWS_CONFIG_FILE: "/dev/null",
            AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_PAGER: "",
          },
          maxBuffer: 16 * 1024 * 1024,
        },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const outputsOf = (json: string) => (JSON.parse(json) as { outputs: unknown[] }).outputs;

  it("curl signs with SigV4 and gets the model's answer", async () => {
    const out = await run("bash", ["-c", invokeSnippet("curl", input())]);
    expect(out.stderr).toBe("");
    expect(outputsOf(out.stdout)).toEqual(reference.response.outputs);
  });

  it.skipIf(SKIP_AWS_CLI)(`the AWS CLI (${AWS_CLI_VERSION ?? "not installed"}) command line gets the model's answer`, async () => {
    const out = await run("bash", ["-c", invokeSnippet("aws-cli", input())]);
    expect(out.code, out.stderr).toBe(0);
    expect(outputsOf(readFileSync(join(dir, "response.json"), "utf8"))).toEqual(reference.response.outputs);
  });

  it.skipIf(SKIP_BOTO3)(`the boto3 script gets the model's answer`, async () => {
    writeFileSync(join(dir, "invoke.py"), invokeSnippet("boto3", input()));
    const out = await run(BOTO3?.python ?? "python3", ["invoke.py"]);
    expect(out.code, out.stderr).toBe(0);
    expect(outputsOf(out.stdout)).toEqual(reference.response.outputs);
  });

  it("the JavaScript SDK module gets the model's answer", async () => {
    // Run from the repository, where @aws-sdk/client-sagemaker-runtime resolves as in a user's project.
    const out = await run(process.execPath, ["--input-type=module", "-e", invokeSnippet("javascript", input())], process.cwd());
    expect(out.code, out.stderr).toBe(0);
    expect(outputsOf(out.stdout)).toEqual(reference.response.outputs);
  });
});
