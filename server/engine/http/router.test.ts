import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateModelCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";
import { createRouter } from "./router";

let engine: TestEngine;
let sm: SageMakerClient;

beforeAll(async () => {
  engine = await startTestEngine();
  sm = new SageMakerClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  sm?.destroy();
  await engine?.cleanup();
});

describe("edge router", () => {
  it("serves an unsigned health check that says nothing else", async () => {
    const res = await fetch(`${engine.url}/_mme/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe('{"status":"ok"}');
    const head = await fetch(`${engine.url}/_mme/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  it("answers an unknown SageMaker operation with UnknownOperationException", async () => {
    const res = await signedFetch(engine.url, { target: "SageMaker.DescribeTrainingJob", body: '{"TrainingJobName":"x"}' });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect((await res.json()).__type).toBe("UnknownOperationException");
  });

  it("answers a target of a service or an operation the engine does not serve with UnknownOperationException", async () => {
    const res = await signedFetch(engine.url, { target: "DynamoDB_20120810.ListTables" });
    expect(res.status).toBe(400);
    expect((await res.json()).__type).toBe("UnknownOperationException");
    // CloudWatch is served, but not every operation of it (alarms, dashboards).
    const cloudwatch = await signedFetch(engine.url, { target: "GraniteServiceVersion20100801.DescribeAlarms", service: "monitoring" });
    expect(cloudwatch.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect((await cloudwatch.json()).__type).toBe("UnknownOperationException");
  });

  it("answers other paths as S3 (REST-XML): an unsigned request is AccessDenied", async () => {
    const res = await fetch(`${engine.url}/some-bucket/some/key`);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/xml");
    expect(res.headers.get("x-amz-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><Resource>\/some-bucket\/some\/key<\/Resource><RequestId>[0-9a-f-]{36}<\/RequestId><HostId>[A-Za-z0-9+/=]+<\/HostId><\/Error>$/,
    );
  });

  it("caps the control-plane body at 6 MiB", async () => {
    const big = JSON.stringify({ ModelName: "huge", PrimaryContainer: { Image: "x", Environment: { A: "x".repeat(7 * 1024 * 1024) } } });
    await expectAwsError(
      sm.send(new CreateModelCommand(JSON.parse(big))),
      "RequestEntityTooLargeException",
      "Request body is larger than the 6291456 bytes this API accepts.",
      413,
    );
  });

  it("answers a body that is not JSON, or has a wrong type, with SerializationException", async () => {
    const bad = await signedFetch(engine.url, { target: "SageMaker.ListModels", body: "{not json" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).__type).toBe("SerializationException");
    const wrongType = await signedFetch(engine.url, { target: "SageMaker.DescribeModel", body: '{"ModelName":5}' });
    expect(await wrongType.json()).toEqual({ __type: "SerializationException", message: "Expected a string at 'modelName' but found number" });
  });
});

describe("errors that are not AWS errors", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const router = createRouter({
      services: {
        sagemaker: {
          maxBodyBytes: 1024,
          handle() {
            throw new Error("secret internals: /var/lib/engine.db is locked");
          },
        },
      },
      region: TEST_CONFIG.region,
      credentials: TEST_CREDENTIALS,
    });
    server = createServer(router);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("become a 500 InternalFailure that leaks nothing", async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await signedFetch(url, { target: "SageMaker.ListModels" });
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({
        __type: "InternalFailure",
        message: "The request processing has failed because of an unknown error, exception or failure.",
      });
      expect(body).not.toContain("secret");
      expect(errors).toHaveLength(1); // logged for the developer instead
    } finally {
      console.error = original;
    }
  });
});
