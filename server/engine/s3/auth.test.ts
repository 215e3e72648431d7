import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedS3Fetch } from "@/test/support/engine/signed-s3-fetch";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
const clients: S3Client[] = [];
const s3With = (over: Partial<S3ClientConfig> = {}) => {
  const c = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...over });
  clients.push(c);
  return c;
};
let s3: S3Client;
const BUCKET = "auth-bucket";
const MISMATCH = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

/** The elements of an S3 `<Error>` document, for answers read with fetch. */
async function xmlError(res: Response): Promise<Record<string, string>> {
  const body = await res.text();
  return Object.fromEntries([...body.matchAll(/<([A-Za-z0-9-]+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!]));
}

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = s3With();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "secret.txt", Body: "classified" }));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await engine?.cleanup();
});

describe("SigV4 on S3", () => {
  it("refuses anonymous requests with AccessDenied", async () => {
    for (const [method, path] of [
      ["GET", `/${BUCKET}/secret.txt`],
      ["PUT", `/${BUCKET}/planted.txt`],
      ["GET", "/"],
      ["DELETE", `/${BUCKET}`],
    ] as const) {
      const res = await fetch(`${engine.url}${path}`, { method, body: method === "PUT" ? "payload" : undefined });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/xml");
      expect(await xmlError(res)).toMatchObject({ Code: "AccessDenied", Message: "Access Denied", RequestId: expect.any(String), HostId: expect.any(String) });
    }
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "planted.txt" })), "NoSuchKey", "The specified key does not exist.", 404);
  });

  it("refuses a wrong secret with SignatureDoesNotMatch, showing what it signed", async () => {
    const wrong = s3With({ credentials: { ...TEST_CREDENTIALS, secretAccessKey: "not-the-secret" } });
    const err = await expectAwsError(wrong.send(new GetObjectCommand({ Bucket: BUCKET, Key: "secret.txt" })), "SignatureDoesNotMatch", MISMATCH, 403);
    expect(err).toMatchObject({
      AWSAccessKeyId: TEST_CREDENTIALS.accessKeyId,
      SignatureProvided: expect.stringMatching(/^[0-9a-f]{64}$/),
      StringToSign: expect.stringMatching(/^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/),
      CanonicalRequest: expect.stringMatching(/^GET\n\/auth-bucket\/secret.txt\n/),
    });
    await expectAwsError(wrong.send(new PutObjectCommand({ Bucket: BUCKET, Key: "w", Body: "x".repeat(100_000) })), "SignatureDoesNotMatch", MISMATCH, 403);
  });

  it("refuses an unknown access key with InvalidAccessKeyId", async () => {
    const err = await expectAwsError(
      s3With({ credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } }).send(new ListBucketsCommand({})),
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
      403,
    );
    expect(err).toMatchObject({ AWSAccessKeyId: "AKIAUNKNOWN000000000" });
  });

  it("refuses a request signed more than 15 minutes off with RequestTimeTooSkewed", async () => {
    const err = await expectAwsError(
      s3With({ systemClockOffset: -20 * 60 * 1000 }).send(new ListBucketsCommand({})),
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
      403,
    );
    expect(err).toMatchObject({ MaxAllowedSkewMilliseconds: "900000", RequestTime: expect.stringMatching(/^\d{8}T\d{6}Z$/) });
  });

  it("refuses a credential scoped to another region with AuthorizationHeaderMalformed", async () => {
    const err = await expectAwsError(
      s3With({ region: "eu-west-1" }).send(new ListBucketsCommand({})),
      "AuthorizationHeaderMalformed",
      "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
    );
    expect(err).toMatchObject({ Region: "us-east-1" });
  });

  it("words a malformed Authorization header and incomplete query authentication as S3 does", async () => {
    const header = await fetch(`${engine.url}/${BUCKET}/secret.txt`, {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=abc", "x-amz-date": "20240101T000000Z", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    });
    expect(header.status).toBe(400);
    expect(await xmlError(header)).toMatchObject({
      Code: "AuthorizationHeaderMalformed",
      Message: "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.",
    });
    const query = await fetch(`${engine.url}/${BUCKET}/secret.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc`);
    expect(query.status).toBe(400);
    expect(await xmlError(query)).toMatchObject({
      Code: "AuthorizationQueryParametersError",
      Message: "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    });
  });

  it("requires x-amz-content-sha256 with header auth", async () => {
    const res = await signedS3Fetch(engine.url, { method: "GET", path: `/${BUCKET}/secret.txt`, payloadHash: null });
    expect(res.status).toBe(400);
    expect(await xmlError(res)).toMatchObject({ Code: "InvalidRequest", Message: "Missing required header for this request: x-amz-content-sha256" });
  });
});

describe("presigned URLs", () => {
  it("serve a GET to a plain fetch, with the response overrides it signs", async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: "secret.txt", ResponseContentDisposition: "attachment; filename=s.txt" }), {
      expiresIn: 300,
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("classified");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=s.txt");
  });

  it("take a PUT from a plain fetch (the SDK's presigned empty-body checksum is not enforced, as on S3)", async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: "uploaded/by-browser.bin", Metadata: { uploader: "browser" } }), {
      expiresIn: 300,
    });
    expect(new URL(url).searchParams.get("x-amz-checksum-crc32")).toBe("AAAAAA==");
    expect(new URL(url).searchParams.get("x-amz-meta-uploader")).toBe("browser"); // hoisted into the query by the SDK
    const res = await fetch(url, { method: "PUT", body: new Uint8Array(Buffer.from("from a browser")) });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "uploaded/by-browser.bin" }));
    expect(await got.Body!.transformToString()).toBe("from a browser");
    expect(got.ContentType).toBe("binary/octet-stream"); // S3's default when none was sent
    expect(got.Metadata).toEqual({ uploader: "browser" });
  });

  it("refuse an expired URL with AccessDenied: Request has expired", async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: "secret.txt" }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 5 * 60 * 1000),
    });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await xmlError(res)).toMatchObject({
      Code: "AccessDenied",
      Message: "Request has expired",
      "X-Amz-Expires": "60",
      Expires: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      ServerTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
  });

  it("refuse a URL whose key or signature was changed", async () => {
    const url = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: "secret.txt" }), { expiresIn: 300 }));
    url.pathname = `/${BUCKET}/other.txt`;
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await xmlError(res)).toMatchObject({ Code: "SignatureDoesNotMatch", Message: MISMATCH });
  });
});
