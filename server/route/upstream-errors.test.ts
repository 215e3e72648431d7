import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ListEndpointsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/roles";

// What the console answers when AWS answers badly, with the console's own SDK clients in AWS mode
// (adaptive retries, 4 attempts) pointed at a small HTTP server that plays the upstream: a proxy's
// HTML error page, a plain-text 500, an empty 502, and the throttling answers of each protocol
// (SageMaker's awsJson, CloudWatch's query-compatible error header, S3's XML SlowDown, a bare 429).
// Each protocol's shapes are also read with single-attempt clients of the same SDK, so that the
// retries' backoff (seconds when throttled) is waited for once, not once per shape.
const session = vi.hoisted(() => ({ user: { email: "viewer@example.com", role: "viewer" } as SessionUser }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

type Answer = { status: number; type?: string; body?: string; headers?: Record<string, string> };
const upstream = { answers: [] as Answer[], requests: 0 };
let server: http.Server;
let single: { sagemaker: SageMakerClient; s3: S3Client; cloudwatch: CloudWatchClient };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-upstream-"));
let console_: {
  factory: typeof import("@/server/aws/client-factory");
  toErrorResponse: typeof import("@/server/route/api-error").toErrorResponse;
  listEndpointsRoute: typeof import("@/app/api/endpoints/route").GET;
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      upstream.requests++;
      // The last answer repeats once the list runs out.
      const a = upstream.answers.length > 1 ? upstream.answers.shift()! : upstream.answers[0]!;
      res.writeHead(a.status, { ...(a.type ? { "content-type": a.type } : {}), ...a.headers });
      res.end(a.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  Object.assign(process.env, {
    MME_BACKEND: "aws",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_EC2_METADATA_DISABLED: "true",
    MME_CONSOLE_DATA_DIR: tmp,
  });
  const endpoint = process.env.AWS_ENDPOINT_URL!;
  const once = { region: "us-east-1", endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 1 };
  single = { sagemaker: new SageMakerClient(once), s3: new S3Client({ ...once, forcePathStyle: true }), cloudwatch: new CloudWatchClient(once) };
  console_ = {
    factory: await import("@/server/aws/client-factory"),
    toErrorResponse: (await import("@/server/route/api-error")).toErrorResponse,
    listEndpointsRoute: (await import("@/app/api/endpoints/route")).GET,
  };
});
afterAll(async () => {
  for (const c of Object.values(single ?? {})) c.destroy();
  await new Promise((r) => server?.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  upstream.requests = 0;
  upstream.answers = [];
});

const answer = (...answers: Answer[]) => (upstream.answers = answers);
const HTML_503: Answer = { status: 503, type: "text/html; charset=utf-8", body: "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>" };
const SAGEMAKER_THROTTLED: Answer = { status: 400, type: "application/x-amz-json-1.1", body: JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }) };

/** What the console's API would answer for the error a call raised. */
async function mapped(call: () => Promise<unknown>) {
  const e = await call().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, "the call should have failed").toBeDefined();
  return console_.toErrorResponse(e);
}
const sagemakerOf = (c: SageMakerClient) => () => c.send(new ListEndpointsCommand({}));
const s3Of = (c: S3Client) => () => c.send(new ListObjectsV2Command({ Bucket: "mme-models" }));
const cloudwatchOf = (c: CloudWatchClient) => () => c.send(new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date() }));
/** The console's own clients. */
const sagemaker = () => sagemakerOf(console_.factory.sagemakerClient())();
const s3 = () => s3Of(console_.factory.s3Client())();
/** Single-attempt clients. */
const once = {
  sagemaker: () => sagemakerOf(single.sagemaker)(),
  s3: () => s3Of(single.s3)(),
  cloudwatch: () => cloudwatchOf(single.cloudwatch)(),
};

describe("an upstream answer that is not an AWS error", () => {
  it("is a 502 naming the upstream's status, through the route, after the SDK's retries", async () => {
    answer(HTML_503);
    const res = await console_.listEndpointsRoute(new NextRequest("http://console.test/api/endpoints"), { params: Promise.resolve({}) });
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.error.code).toBe("upstream_error");
    expect(body.error.message).toMatch(/HTTP 503 with a text\/html body/);
    expect(upstream.requests).toBe(4);
  });

  it("is a 502 for each protocol: S3's XML, CloudWatch's JSON, a plain-text 500, an empty 502", async () => {
    answer(HTML_503);
    expect(await mapped(s3)).toMatchObject({ status: 502, body: { error: { code: "upstream_error", message: expect.stringContaining("HTTP 503") } } });
    answer({ status: 500, type: "text/plain", body: "NotImplemented" });
    expect(await mapped(once.cloudwatch)).toMatchObject({ status: 502, body: { error: { code: "upstream_error", message: expect.stringContaining("HTTP 500 with a text/plain body") } } });
    expect(await mapped(once.s3)).toMatchObject({ status: 502, body: { error: { code: "upstream_error", message: expect.stringContaining("HTTP 500") } } });
    answer({ status: 502 });
    expect(await mapped(once.sagemaker)).toMatchObject({ status: 502, body: { error: { code: "upstream_error", message: expect.stringContaining("HTTP 502") } } });
  });

  it("keeps an AWS error's own code and message", async () => {
    answer({ status: 400, type: "application/x-amz-json-1.1", body: JSON.stringify({ __type: "ValidationException", message: "Endpoint x not found" }) });
    expect(await mapped(sagemaker)).toEqual({ status: 400, body: { error: { code: "ValidationException", message: "Endpoint x not found" } } });
    expect(upstream.requests).toBe(1);
  });
});

describe("throttling", () => {
  it("is retried by the SDK (adaptive mode) until AWS lets the call through", async () => {
    answer(SAGEMAKER_THROTTLED, SAGEMAKER_THROTTLED, { status: 200, type: "application/x-amz-json-1.1", body: JSON.stringify({ Endpoints: [] }) });
    expect((await sagemaker()).Endpoints).toEqual([]);
    expect(upstream.requests).toBe(3);
    for (const client of [console_.factory.sagemakerClient(), console_.factory.s3Client(), console_.factory.cloudwatchClient(), console_.factory.runtimeClient()]) {
      const strategy = await (client.config.retryStrategy as unknown as () => Promise<{ mode: string }>)();
      expect(strategy.mode).toBe("adaptive");
    }
  });

  it("answers 503 throttled when AWS still throttles after 4 attempts", { timeout: 60_000 }, async () => {
    answer(SAGEMAKER_THROTTLED);
    expect(await mapped(sagemaker)).toEqual({
      status: 503,
      body: { error: { code: "throttled", message: "AWS is throttling requests (ThrottlingException: Rate exceeded); the console retried and will ask again" } },
    });
    expect(upstream.requests).toBe(4);
  });

  it("answers throttled whatever the service calls it", async () => {
    const cases: [() => Promise<unknown>, Answer][] = [
      [once.cloudwatch, { status: 400, type: "application/x-amz-json-1.0", headers: { "x-amzn-query-error": "Throttling;Sender" }, body: JSON.stringify({ __type: "com.amazonaws.cloudwatch#ThrottlingException", message: "Rate exceeded" }) }],
      [once.s3, { status: 503, type: "application/xml", body: "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>" }],
      [once.sagemaker, { status: 429, type: "text/html", body: "<html>Too Many Requests</html>" }],
      [once.s3, { status: 429 }],
      [once.sagemaker, { status: 400, type: "application/x-amz-json-1.1", body: JSON.stringify({ __type: "TooManyRequestsException", message: "slow down" }) }],
    ];
    for (const [call, a] of cases) {
      answer(a);
      expect(await mapped(call), JSON.stringify(a)).toMatchObject({ status: 503, body: { error: { code: "throttled" } } });
    }
  });
});
