import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  type CORSRule,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedS3Fetch } from "@/test/support/engine/signed-s3-fetch";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let s3: S3Client;
const BUCKET = "cors-bucket";
const CONSOLE = "http://localhost:3000";
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / " +
  "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/** What the console configures so a browser can upload (multipart included) straight to the bucket. */
const UPLOAD_RULES: CORSRule[] = [
  {
    ID: "console-uploads",
    AllowedOrigins: [CONSOLE],
    AllowedMethods: ["GET", "PUT", "HEAD", "POST", "DELETE"],
    AllowedHeaders: ["*"],
    ExposeHeaders: ["ETag", "x-amz-request-id"],
    MaxAgeSeconds: 3000,
  },
  { AllowedOrigins: ["http://*.example.com"], AllowedMethods: ["GET"], AllowedHeaders: ["range"] },
  { AllowedOrigins: ["*"], AllowedMethods: ["HEAD"] },
];

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new CreateBucketCommand({ Bucket: "no-cors-bucket" }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "model.onnx", Body: "weights" }));
  await s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: UPLOAD_RULES } }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const preflight = (path: string, headers: Record<string, string>) => fetch(`${engine.url}${path}`, { method: "OPTIONS", headers });
async function xmlError(res: Response): Promise<Record<string, string>> {
  const body = await res.text();
  return Object.fromEntries([...body.matchAll(/<([A-Za-z0-9-]+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!]));
}

describe("CORS configuration", () => {
  it("stores, returns and deletes the rules", async () => {
    const out = await s3.send(new GetBucketCorsCommand({ Bucket: BUCKET }));
    expect(out.CORSRules).toEqual(UPLOAD_RULES);
    await s3.send(new PutBucketCorsCommand({ Bucket: "no-cors-bucket", CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["GET"] }] } }));
    await s3.send(new DeleteBucketCorsCommand({ Bucket: "no-cors-bucket" }));
    const err = await expectAwsError(s3.send(new GetBucketCorsCommand({ Bucket: "no-cors-bucket" })), "NoSuchCORSConfiguration", "The CORS configuration does not exist", 404);
    expect(err).toMatchObject({ BucketName: "no-cors-bucket" });
  });

  it("refuses rules S3 refuses", async () => {
    await expectAwsError(
      s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["PATCH"] }] } })),
      "InvalidRequest",
      "Found unsupported HTTP method in CORS config. Unsupported method is PATCH",
    );
    await expectAwsError(
      s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [] } })),
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  });
});

describe("preflight (OPTIONS, unsigned)", () => {
  it("allows the console's upload: origin, method and requested headers, with ETag exposed", async () => {
    const res = await preflight(`/${BUCKET}/uploads/new.tar.gz`, {
      origin: CONSOLE,
      "access-control-request-method": "PUT",
      "access-control-request-headers": "Content-Type, X-Amz-Checksum-Crc32, authorization, x-amz-date",
    });
    expect(res.status).toBe(200);
    expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith("access-control-") || k === "vary"))).toEqual({
      "access-control-allow-origin": CONSOLE,
      "access-control-allow-methods": "GET, PUT, HEAD, POST, DELETE",
      "access-control-allow-headers": "content-type, x-amz-checksum-crc32, authorization, x-amz-date",
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "ETag, x-amz-request-id",
      "access-control-max-age": "3000",
      vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
    });
  });

  it("matches wildcard origins, and answers a rule for any origin with *", async () => {
    const sub = await preflight(`/${BUCKET}/model.onnx`, { origin: "http://app.example.com", "access-control-request-method": "GET", "access-control-request-headers": "Range" });
    expect(sub.status).toBe(200);
    expect(sub.headers.get("access-control-allow-origin")).toBe("http://app.example.com");
    const any = await preflight(`/${BUCKET}/model.onnx`, { origin: "https://anywhere.test", "access-control-request-method": "HEAD" });
    expect(any.status).toBe(200);
    expect(any.headers.get("access-control-allow-origin")).toBe("*");
    expect(any.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("refuses what no rule allows with S3's 403 CORSResponse", async () => {
    for (const headers of [
      { origin: "http://evil.test", "access-control-request-method": "PUT" } as Record<string, string>,
      { origin: "http://app.example.com", "access-control-request-method": "PUT" },
      { origin: "http://app.example.com", "access-control-request-method": "GET", "access-control-request-headers": "x-amz-meta-owner" },
    ]) {
      const res = await preflight(`/${BUCKET}/model.onnx`, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(await xmlError(res)).toMatchObject({ Code: "AccessForbidden", Message: NOT_ALLOWED, Method: headers["access-control-request-method"], ResourceType: "OBJECT" });
    }
  });

  it("words a missing Origin, a bucket without rules and a missing bucket as S3 does", async () => {
    const noOrigin = await preflight(`/${BUCKET}/model.onnx`, { "access-control-request-method": "GET" });
    expect(noOrigin.status).toBe(400);
    expect(await xmlError(noOrigin)).toMatchObject({ Code: "BadRequest", Message: "Insufficient information. Origin request header needed." });
    const noRules = await preflight("/no-cors-bucket/k", { origin: CONSOLE, "access-control-request-method": "PUT" });
    expect(noRules.status).toBe(403);
    expect(await xmlError(noRules)).toMatchObject({ Code: "AccessForbidden", Message: "CORSResponse: CORS is not enabled for this bucket.", Method: "PUT", ResourceType: "OBJECT" });
    const noBucket = await preflight("/ghost-bucket/k", { origin: CONSOLE, "access-control-request-method": "PUT" });
    expect(noBucket.status).toBe(403);
    expect(await xmlError(noBucket)).toMatchObject({ Code: "AccessForbidden", Message: "CORSResponse: Bucket not found" });
    const noMethod = await preflight(`/${BUCKET}/k`, { origin: CONSOLE });
    expect(noMethod.status).toBe(400);
    expect(await xmlError(noMethod)).toMatchObject({ Code: "BadRequest", Message: "Invalid Access-Control-Request-Method: null" });
  });
});

describe("CORS headers on actual requests", () => {
  it("adds them to answers for a matching origin, errors included, and never for others", async () => {
    const ok = await signedS3Fetch(engine.url, { method: "GET", path: `/${BUCKET}/model.onnx`, headers: { origin: CONSOLE } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(CONSOLE);
    expect(ok.headers.get("access-control-expose-headers")).toBe("ETag, x-amz-request-id");
    const missing = await signedS3Fetch(engine.url, { method: "GET", path: `/${BUCKET}/absent`, headers: { origin: CONSOLE } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe(CONSOLE);
    const anonymous = await fetch(`${engine.url}/${BUCKET}/model.onnx`, { headers: { origin: CONSOLE } });
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers.get("access-control-allow-origin")).toBe(CONSOLE);
    const stranger = await signedS3Fetch(engine.url, { method: "GET", path: `/${BUCKET}/model.onnx`, headers: { origin: "http://evil.test" } });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });
});
