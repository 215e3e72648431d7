import fs from "node:fs";
import path from "node:path";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import type { HandlerExecutionContext } from "@smithy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { InvokeInput } from "@/lib/schemas/invoke";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// How many AWS calls the console's hot paths make, counted on the console's own SDK clients against
// a real engine (no mocks). Two endpoints serve one model data prefix: "calls-up" takes the upload,
// so "calls-b" starts with nothing cached.
const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const REQUEST: InvokeInput["request"] = {
  inputs: [
    { name: "INPUT0", shape: [1, 4], datatype: "FP32", data: [1, 2, 3, 4] },
    { name: "INPUT1", shape: [1, 4], datatype: "FP32", data: [10, 20, 30, 40] },
  ],
};

let engine: BffTestEngine;
let bff: {
  invoke: typeof import("./invoke/invoke-model").invokeModel;
  start: typeof import("./models/start-upload").startUpload;
  sign: typeof import("./models/sign-upload-parts").signUploadParts;
  complete: typeof import("./models/complete-upload").completeUpload;
  abort: typeof import("./models/abort-upload").abortUpload;
  setAlias: typeof import("./models/set-alias").setAlias;
  updateInstanceCount: typeof import("./endpoints/update-instance-count").updateInstanceCount;
};
let CONFIG_NAME_TTL_MS: number;

/** Commands per client that reached the wire (one per HTTP attempt), and S3 commands that merely started. */
const wire = { sagemaker: [] as string[], s3: [] as string[], runtime: [] as string[], cloudwatch: [] as string[] };
const s3Started: string[] = [];

function take() {
  const seen = { sagemaker: [...wire.sagemaker], s3: [...wire.s3], runtime: [...wire.runtime], cloudwatch: [...wire.cloudwatch] };
  for (const list of [...Object.values(wire), s3Started]) list.length = 0;
  return seen;
}

/**
 * Records each command that passes. At the deserialize step it runs only when the request is
 * actually sent (once per attempt, inside the retries); the presigner stops the stack before
 * signing, in finalizeRequest, so a presigned URL never gets here. At initialize, every command does.
 */
function recorder(into: string[]) {
  return <A, R>(next: (args: A) => Promise<R>, context: HandlerExecutionContext) =>
    async (args: A) => {
      into.push(context.commandName ?? "?");
      return next(args);
    };
}

function createEndpoint(name: string) {
  return engine.createMmeEndpoint(name, "s3://calls/shared/");
}


/** Stops the clock so that nothing expires between two calls unless a test moves it. */
function freezeClock() {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
}

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "calls", transitionMs: 100 });
  await createEndpoint("calls-up");
  await createEndpoint("calls-b");
  await Promise.all([engine.waitInService("calls-up"), engine.waitInService("calls-b")]);
  bff = {
    invoke: (await import("./invoke/invoke-model")).invokeModel,
    start: (await import("./models/start-upload")).startUpload,
    sign: (await import("./models/sign-upload-parts")).signUploadParts,
    complete: (await import("./models/complete-upload")).completeUpload,
    abort: (await import("./models/abort-upload")).abortUpload,
    setAlias: (await import("./models/set-alias")).setAlias,
    updateInstanceCount: (await import("./endpoints/update-instance-count")).updateInstanceCount,
  };
  ({ CONFIG_NAME_TTL_MS } = await import("./shared/endpoint-config-name-cache"));

  const factory = await import("@/server/aws/client-factory");
  factory.sagemakerClient().middlewareStack.add(recorder(wire.sagemaker), { step: "deserialize", name: "countWireCalls" });
  factory.s3Client().middlewareStack.add(recorder(wire.s3), { step: "deserialize", name: "countWireCalls" });
  factory.s3Client().middlewareStack.add(recorder(s3Started), { step: "initialize", name: "countStartedCommands" });
  factory.runtimeClient().middlewareStack.add(recorder(wire.runtime), { step: "deserialize", name: "countWireCalls" });
  factory.cloudwatchClient().middlewareStack.add(recorder(wire.cloudwatch), { step: "deserialize", name: "countWireCalls" });

  const session = await bff.start("calls-up", { model: "onnx-add", size: VALID.length }, "admin@example.com");
  const { parts } = await bff.sign("calls-up", { key: session.key, uploadId: session.uploadId, partNumbers: [1] });
  const put = await fetch(parts[0]!.url, { method: "PUT", body: new Uint8Array(VALID) });
  const etag = put.headers.get("etag")!;
  await bff.complete("calls-up", { key: session.key, uploadId: session.uploadId, parts: [{ partNumber: 1, etag }] }, "admin@example.com");
  await bff.setAlias("calls-up", "onnx-add", "production", 1, "admin@example.com");
  take();
});
afterEach(() => vi.useRealTimers());
afterAll(async () => engine?.close());

const byAlias = { model: "onnx-add", alias: "production", request: REQUEST };
const byVersion = { model: "onnx-add", version: 1, request: REQUEST };
const DESCRIBES = ["DescribeEndpointCommand", "DescribeEndpointConfigCommand", "DescribeModelCommand"];
const WARM_INVOKE = { sagemaker: [], s3: ["GetObjectCommand"], runtime: ["InvokeEndpointCommand"], cloudwatch: [] };

describe("SDK calls of the console's hot paths", () => {
  it("a cold invoke describes the endpoint, its config and its model; a warm one by alias or by version makes 2 calls", async () => {
    freezeClock();
    const cold = await bff.invoke("calls-b", byAlias);
    expect(cold.outputs[0]?.data).toEqual([11, 22, 33, 44]);
    expect(take()).toEqual({ ...WARM_INVOKE, sagemaker: DESCRIBES });

    expect((await bff.invoke("calls-b", byAlias)).version).toBe(1);
    expect(take()).toEqual(WARM_INVOKE);
    expect((await bff.invoke("calls-b", byVersion)).targetModel).toBe("onnx-add/v1.tar.gz");
    expect(take()).toEqual(WARM_INVOKE);
  });

  it("describes the endpoint again once its config name is CONFIG_NAME_TTL_MS old, never its config or model", async () => {
    freezeClock();
    // Whatever the earlier tests cached has expired: this describe starts the entry's 15 s.
    vi.setSystemTime(Date.now() + CONFIG_NAME_TTL_MS);
    await bff.invoke("calls-b", byAlias);
    expect(take()).toEqual({ ...WARM_INVOKE, sagemaker: ["DescribeEndpointCommand"] });
    vi.setSystemTime(Date.now() + CONFIG_NAME_TTL_MS - 1);
    await bff.invoke("calls-b", byVersion);
    expect(take()).toEqual(WARM_INVOKE);
    vi.setSystemTime(Date.now() + 1);
    await bff.invoke("calls-b", byVersion);
    expect(take()).toEqual({ ...WARM_INVOKE, sagemaker: ["DescribeEndpointCommand"] });
    await bff.invoke("calls-b", byAlias);
    expect(take()).toEqual(WARM_INVOKE);
  });

  it("signs a batch of upload parts with no call at all: each part enters the S3 client's stack, none reaches the wire", async () => {
    freezeClock();
    const session = await bff.start("calls-b", { model: "big", size: 100 * 16 * 1024 * 1024 }, "admin@example.com");
    take();
    // Whatever was cached has expired: signing must not need it.
    vi.setSystemTime(Date.now() + CONFIG_NAME_TTL_MS);
    const partNumbers = Array.from({ length: 100 }, (_, i) => i + 1);
    const { parts } = await bff.sign("calls-b", { key: session.key, uploadId: session.uploadId, partNumbers });
    expect(parts.map((p) => new URL(p.url).searchParams.get("partNumber"))).toEqual(partNumbers.map(String));
    expect(s3Started).toEqual(partNumbers.map(() => "UploadPartCommand"));
    expect(take()).toEqual({ sagemaker: [], s3: [], runtime: [], cloudwatch: [] });

    await bff.abort("calls-b", { key: session.key, uploadId: session.uploadId });
    expect(take()).toMatchObject({ sagemaker: [], s3: expect.arrayContaining(["AbortMultipartUploadCommand"]) });
  });

  it("after updateInstanceCount, the next lookup describes the endpoint, its new config and its model; the one after, nothing", async () => {
    await bff.invoke("calls-b", byAlias);
    take();
    const { endpointConfigName } = await bff.updateInstanceCount("calls-b", 2, "admin@example.com");
    expect(take().sagemaker).toEqual(["DescribeEndpointCommand", "DescribeEndpointConfigCommand", "CreateEndpointConfigCommand", "UpdateEndpointCommand"]);
    await engine.waitInService("calls-b");
    expect((await engine.sm.send(new DescribeEndpointCommand({ EndpointName: "calls-b" }))).EndpointConfigName).toBe(endpointConfigName);

    freezeClock();
    await bff.invoke("calls-b", byAlias);
    expect(take()).toEqual({ ...WARM_INVOKE, sagemaker: DESCRIBES });
    await bff.invoke("calls-b", byAlias);
    expect(take()).toEqual(WARM_INVOKE);
  });
});
