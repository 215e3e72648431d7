import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMismatchPackage, putVersionDirectly } from "@/test/support/bff/verification-packages";
import { awsModeEnv, createMotoMmeEndpoint, motoClientConfig, startMoto, type MotoServer } from "@/test/support/aws/moto-server";

// Warming in AWS mode (MME_BACKEND=aws) against moto: SageMaker has no warm API, so the console
// sends one InvokeEndpoint per instance. A proxy in front of moto counts the invocations and plays
// SageMaker's ModelError for one target model (moto answers every invocation with a canned result).
const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const EP = "warm-on-moto";
const BUCKET = "warm-models";
const BROKEN = "broken/v1.tar.gz";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-aws-warm-"));
let moto: MotoServer;
let proxy: { url: string; invocations: string[]; close(): Promise<void> };
let s3: S3Client;
let warmVersion: typeof import("./warm-version").warmVersion;

/** Forwards everything to moto; records each invocation's target model, and answers BROKEN's with a ModelError. */
async function startInvocationProxy(upstream: string): Promise<typeof proxy> {
  const invocations: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = req.headers["x-amzn-sagemaker-target-model"];
    if (req.method === "POST" && /^\/endpoints\/[^/]+\/invocations$/.test(req.url ?? "")) invocations.push(String(target));
    if (target === BROKEN) {
      const message = `Received client error (400) from primary with message "{\\"error\\":\\"failed to load '${BROKEN}': unexpected inference input 'INPUT9'\\"}". See https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/${EP} in account 123456789012 for more information.`;
      res.writeHead(424, { "content-type": "application/json", "x-amzn-errortype": "ModelError" });
      res.end(JSON.stringify({ Message: message, OriginalStatusCode: 400, OriginalMessage: `{"error":"failed to load '${BROKEN}': unexpected inference input 'INPUT9'"}` }));
      return;
    }
    const up = await fetch(new URL(req.url ?? "/", upstream), {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string")),
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(up.status, Object.fromEntries(up.headers));
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startInvocationProxy(moto.url);
  Object.assign(process.env, awsModeEnv(proxy.url), { MME_CONSOLE_DATA_DIR: tmp });
  const common = motoClientConfig(moto.url);
  s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await createMotoMmeEndpoint(moto.url, { name: EP, modelDataUrl: `s3://${BUCKET}/team/`, instanceType: "ml.g4dn.xlarge", instanceCount: 3 });
  // What moto answers InvokeEndpoint with: a KServe v2 answer, as Triton gives.
  const outputs = [{ name: "OUTPUT0", datatype: "FP32", shape: [1, 4], data: [0, 0, 0, 0] }];
  await fetch(`${moto.url}/moto-api/static/sagemaker/endpoint-results`, {
    method: "POST",
    body: JSON.stringify({ region: "us-east-1", results: [{ Body: JSON.stringify({ model_name: "add", outputs }), ContentType: "application/json", InvokedProductionVariant: "AllTraffic" }] }),
  });
  warmVersion = (await import("./warm-version")).warmVersion;
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  await proxy?.close();
  await moto?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("warming a version on AWS (moto)", () => {
  it("sends one request per instance and says honestly what that proves", async () => {
    const v = await putVersionDirectly(s3, { bucket: BUCKET, prefix: "team/", model: "add", bytes: VALID });
    proxy.invocations.length = 0;
    const report = await warmVersion(EP, "add", v);
    expect(report).toMatchObject({ mode: "requests", targetModel: `add/v${v}.tar.gz`, instanceCount: 3, requests: 3, failed: 0 });
    if (report.mode !== "requests") throw new Error("not a requests report");
    expect(report.note).toMatch(/SageMaker routes requests to instances itself/);
    expect(report.note).toContain(`at least one instance has v${v} loaded; the others may load it on their first request`);
    expect(proxy.invocations).toEqual([`add/v${v}.tar.gz`, `add/v${v}.tar.gz`, `add/v${v}.tar.gz`]);
  });

  it("refuses with warm_failed when SageMaker answers the model's error", async () => {
    const v = await putVersionDirectly(s3, { bucket: BUCKET, prefix: "team/", model: "broken", bytes: configMismatchPackage("broken") });
    expect(`broken/v${v}.tar.gz`).toBe(BROKEN);
    await expect(warmVersion(EP, "broken", v)).rejects.toMatchObject({
      code: "warm_failed",
      message: expect.stringMatching(/^Could not warm broken v1: The model broken\/v1\.tar\.gz could not be loaded: unexpected inference input 'INPUT9'\.$/),
    });
  });
});
