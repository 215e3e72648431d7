import { Sha256 } from "@aws-crypto/sha256-js";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";
import { LOCAL_USER_ID, LOCAL_USER_NAME } from "./backend/sts-backend";

/** STS's GetCallerIdentity (awsQuery) through the real JS SDK client, and as raw signed requests. */
const ACCOUNT = "123456789012";
const FORM = "application/x-www-form-urlencoded; charset=utf-8";
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

let engine: TestEngine;
const clients: STSClient[] = [];
const sts = (over: Partial<ConstructorParameters<typeof STSClient>[0]> = {}) => {
  const c = new STSClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...over });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  // Not the test engines' usual account, so the answer is seen to be the configured one.
  engine = await startTestEngine({ config: { accountId: ACCOUNT } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await engine?.cleanup();
});

describe("STS GetCallerIdentity", () => {
  it("names the engine's account and its local IAM user", async () => {
    const out = await sts().send(new GetCallerIdentityCommand({}));
    expect({ Account: out.Account, Arn: out.Arn, UserId: out.UserId }).toEqual({
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${LOCAL_USER_NAME}`,
      UserId: LOCAL_USER_ID,
    });
    expect(LOCAL_USER_ID).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers in STS's XML, with the request id of x-amzn-requestid", async () => {
    const res = await signedFetch(engine.url, { service: "sts", contentType: FORM, body: "Action=GetCallerIdentity&Version=2011-06-15" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    const id = res.headers.get("x-amzn-requestid");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n` +
        `  <GetCallerIdentityResult>\n` +
        `    <Arn>arn:aws:iam::${ACCOUNT}:user/mme-local</Arn>\n` +
        `    <UserId>${LOCAL_USER_ID}</UserId>\n` +
        `    <Account>${ACCOUNT}</Account>\n` +
        `  </GetCallerIdentityResult>\n` +
        `  <ResponseMetadata>\n    <RequestId>${id}</RequestId>\n  </ResponseMetadata>\n` +
        `</GetCallerIdentityResponse>\n`,
    );
  });

  it("takes the action from a presigned GET's query, as EKS tokens carry it", async () => {
    const url = new URL("/", engine.url);
    const signer = new SignatureV4({ credentials: TEST_CREDENTIALS, region: TEST_CONFIG.region, service: "sts", sha256: Sha256 });
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
        headers: { host: url.host },
      },
      { expiresIn: 60 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${engine.url}/?${query}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<Account>${ACCOUNT}</Account>`);
    // The query is signed: another action in its place breaks the signature.
    const tampered = await fetch(`${engine.url}/?${query.replace("Action=GetCallerIdentity", "Action=GetSessionToken")}`);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });
});

describe("STS errors", () => {
  it("refuses a wrong secret with SignatureDoesNotMatch, never a scope error about CloudWatch", async () => {
    const err = await expectAwsError(
      sts({ credentials: { ...TEST_CREDENTIALS, secretAccessKey: "not-the-secret" } }).send(new GetCallerIdentityCommand({})),
      "SignatureDoesNotMatch",
      new RegExp(`^${MISMATCH.replace(/\./g, "\\.")}\\n\\nThe Canonical String for this request should have been\\n'POST\\n/\\n`),
      403,
    );
    // What an STS call got before STS was served: the form went to CloudWatch, which wanted its scope.
    expect(err.message).not.toContain("monitoring");
  });

  it("refuses an unknown key and a request signed long ago in STS's codes (403)", async () => {
    await expectAwsError(
      sts({ credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } }).send(new GetCallerIdentityCommand({})),
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
      403,
    );
    await expectAwsError(
      sts({ systemClockOffset: -20 * 60 * 1000 }).send(new GetCallerIdentityCommand({})),
      "SignatureDoesNotMatch",
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
      403,
    );
  });

  it("refuses a request naming STS's scope without a signature, or with half of one", async () => {
    const credential = `X-Amz-Credential=${encodeURIComponent(`${TEST_CREDENTIALS.accessKeyId}/20240101/${TEST_CONFIG.region}/sts/aws4_request`)}`;
    const unsigned = await fetch(`${engine.url}/?Action=GetCallerIdentity&Version=2011-06-15&${credential}`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain("<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>");
    const incomplete = await fetch(`${engine.url}/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&${credential}`);
    expect(incomplete.status).toBe(400);
    expect(await incomplete.text()).toContain("<Code>IncompleteSignature</Code>");
  });

  it("answers any other action with InvalidAction naming it, in STS's error shape", async () => {
    await expectAwsError(
      sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/any`, RoleSessionName: "session" })),
      "InvalidAction",
      "The local engine serves only the STS action GetCallerIdentity, not AssumeRole.",
    );
    const res = await signedFetch(engine.url, { service: "sts", contentType: FORM, body: "Action=GetSessionToken&Version=2011-06-15" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(await res.text()).toMatch(
      new RegExp(
        `^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<ErrorResponse xmlns="https://sts\\.amazonaws\\.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
          `<Code>InvalidAction</Code><Message>The local engine serves only the STS action GetCallerIdentity, not GetSessionToken\\.</Message></Error>` +
          `<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`,
      ),
    );
  });

  it("refuses a form without an Action, or of another API version", async () => {
    const missing = await signedFetch(engine.url, { service: "sts", contentType: FORM, body: "Version=2011-06-15" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("<Code>MissingAction</Code>");
    const version = await signedFetch(engine.url, { service: "sts", contentType: FORM, body: "Action=GetCallerIdentity&Version=2010-01-01" });
    expect(version.status).toBe(400);
    expect(await version.text()).toContain("<Code>InvalidAction</Code><Message>Could not find operation GetCallerIdentity for version 2010-01-01</Message>");
  });
});
