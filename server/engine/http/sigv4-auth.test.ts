import { ListModelsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

let engine: TestEngine;
const clients: SageMakerClient[] = [];
const client = (over: Partial<ConstructorParameters<typeof SageMakerClient>[0]> = {}) => {
  const c = new SageMakerClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, ...over });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await engine?.cleanup();
});

describe("SigV4 on the SageMaker API", () => {
  it("accepts the SDK's signed requests", async () => {
    const out = await client().send(new ListModelsCommand({}));
    expect(out.Models).toEqual([]);
  });

  it("answers an unsigned request with MissingAuthenticationTokenException in the awsJson shape", async () => {
    const res = await fetch(engine.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.ListModels" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
  });

  it("rejects a wrong secret with InvalidSignatureException, showing what the engine signed", async () => {
    const err = await expectAwsError(
      client({ credentials: { ...TEST_CREDENTIALS, secretAccessKey: "not-the-secret" } }).send(new ListModelsCommand({})),
      "InvalidSignatureException",
      new RegExp(`^${MISMATCH.replace(/\./g, "\\.")}\\n\\nThe Canonical String for this request should have been\\n'POST\\n/\\n`),
    );
    expect(err.message).toContain("x-amz-target:SageMaker.ListModels");
  });

  it("rejects an unknown access key with UnrecognizedClientException", async () => {
    await expectAwsError(
      client({ credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } }).send(new ListModelsCommand({})),
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  });

  it("rejects a credential scoped to another region", async () => {
    await expectAwsError(
      client({ region: "eu-west-1" }).send(new ListModelsCommand({})),
      "InvalidSignatureException",
      "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    );
  });

  it("rejects a credential scoped to another service", async () => {
    const res = await signedFetch(engine.url, { target: "SageMaker.ListModels", service: "s3" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: "InvalidSignatureException", message: "Credential should be scoped to correct service: 'sagemaker'. " });
  });

  it("rejects a request signed more than 15 minutes ago, or ahead", async () => {
    await expectAwsError(
      client({ systemClockOffset: -20 * 60 * 1000 }).send(new ListModelsCommand({})),
      "InvalidSignatureException",
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
    await expectAwsError(
      client({ systemClockOffset: 20 * 60 * 1000 }).send(new ListModelsCommand({})),
      "InvalidSignatureException",
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    );
    // Within the allowed skew is fine.
    await client({ systemClockOffset: -10 * 60 * 1000 }).send(new ListModelsCommand({}));
  });

  it("covers the body: changing it after signing breaks the signature", async () => {
    const ok = await signedFetch(engine.url, { target: "SageMaker.ListModels", body: '{"MaxResults":5}' });
    expect(ok.status).toBe(200);
    const tampered = await signedFetch(engine.url, { target: "SageMaker.ListModels", body: '{"MaxResults":5}', tamperBody: '{"MaxResults":6}' });
    expect(tampered.status).toBe(400);
    expect((await tampered.json()).__type).toBe("InvalidSignatureException");
  });

  it("answers a malformed Authorization header with IncompleteSignatureException", async () => {
    const res = await fetch(engine.url, {
      method: "POST",
      headers: { "x-amz-target": "SageMaker.ListModels", authorization: "AWS4-HMAC-SHA256 Credential=abc", "x-amz-date": "20240101T000000Z" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.__type).toBe("IncompleteSignatureException");
    expect(body.message).toContain("Authorization header requires 'Signature' parameter.");
  });
});
