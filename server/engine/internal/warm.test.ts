import { ListMetricsCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { defaultTritonImage } from "@/lib/triton-images";
import { configMismatchPackage } from "@/test/support/bff/verification-packages";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * `POST /_mme/endpoints/{name}/warm` on a real engine: the model is loaded on every instance of the
 * endpoint before an alias moves to it, and refusals come in InvokeEndpoint's shapes and words.
 */
const BUCKET = "warm-models";
const EP = "warm-three";

type WarmAnswer = { EndpointName: string; TargetModel: string; Instances: { VariantName: string; InstanceId: string; Index: number; WasResident: boolean; LoadMs: number }[] };

let engine: TestEngine;
let c: Clients;
let cw: CloudWatchClient;

beforeAll(async () => {
  // Transitions long enough that a just-created endpoint is reliably still Creating.
  engine = await startTestEngine({ config: { transitionMs: 600 } });
  c = sdkClients(engine);
  cw = new CloudWatchClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createBucket(c, BUCKET);
  await putObject(c, BUCKET, "three/m/v1.tar.gz", fixturePackage("onnx-add"));
  await putObject(c, BUCKET, "three/m/v2.tar.gz", fixturePackage("onnx-add"));
  await putObject(c, BUCKET, "three/broken/v1.tar.gz", configMismatchPackage("broken"));
  await createEndpoint(c, EP, { bucket: BUCKET, prefix: "three/", instanceCount: 3 });
}, 30_000);
afterAll(async () => {
  cw?.destroy();
  c?.destroy();
  await engine?.cleanup();
});

const warm = (endpoint: string, body: unknown, method = "POST") =>
  signedFetch(engine.url, { method, path: `/_mme/endpoints/${endpoint}/warm`, ...(method === "GET" ? {} : { body: JSON.stringify(body), contentType: "application/json" }) });

async function residentOn(endpoint: string, targetModel: string): Promise<number[]> {
  const res = await signedFetch(engine.url, { method: "GET", path: `/_mme/endpoints/${endpoint}/residency` });
  const snapshot = (await res.json()) as CacheSnapshot;
  return snapshot.endpoints
    .flatMap((f) => f.instances)
    .filter((i) => i.models.some((m) => m.targetModel === targetModel && m.state === "loaded"))
    .map((i) => i.index)
    .sort();
}

async function expectError(res: Response, status: number, type: string, message: string | RegExp): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get("x-amzn-errortype")).toBe(type);
  const body = (await res.json()) as Record<string, unknown>;
  const said = (body.message ?? body.Message) as string;
  if (typeof message === "string") expect(said).toBe(message);
  else expect(said).toMatch(message);
  return body;
}

describe("POST /_mme/endpoints/{name}/warm", () => {
  it("leaves the new version resident on every engine instance before the move", async () => {
    expect(await residentOn(EP, "m/v1.tar.gz")).toEqual([]);
    const res = await warm(EP, { TargetModel: "m/v1.tar.gz" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as WarmAnswer;
    expect(body).toMatchObject({ EndpointName: EP, TargetModel: "m/v1.tar.gz" });
    expect(body.Instances.map((i) => [i.VariantName, i.Index, i.WasResident])).toEqual([
      ["AllTraffic", 0, false],
      ["AllTraffic", 1, false],
      ["AllTraffic", 2, false],
    ]);
    expect(new Set(body.Instances.map((i) => i.InstanceId)).size).toBe(3);
    for (const i of body.Instances) expect(i.LoadMs).toBeGreaterThanOrEqual(0);
    expect(await residentOn(EP, "m/v1.tar.gz")).toEqual([0, 1, 2]);
  });

  it("finds it resident everywhere when warmed again, and invocations then hit wherever they land", async () => {
    const body = (await (await warm(EP, { TargetModel: "m/v1.tar.gz", TargetVariant: "AllTraffic" })).json()) as WarmAnswer;
    expect(body.Instances.map((i) => i.WasResident)).toEqual([true, true, true]);
    const request = JSON.stringify(fixtureReference<{ cases: { request: unknown }[] }>("onnx-add").cases[0]!.request);
    const out = await c.runtime.send(new InvokeEndpointCommand({ EndpointName: EP, TargetModel: "m/v1.tar.gz", ContentType: "application/json", Body: request }));
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it("records no invocation: only the cache's loads", async () => {
    await expect(warm(EP, { TargetModel: "m/v2.tar.gz" }).then((r) => r.status)).resolves.toBe(200);
    const invocationMetrics = async (targetModel: string) => {
      const dims = [
        { Name: "EndpointName", Value: EP },
        { Name: "TargetModel", Value: targetModel },
      ];
      const listed = await cw.send(new ListMetricsCommand({ Dimensions: dims }));
      return (listed.Metrics ?? []).map((m) => m.MetricName ?? "").filter((n) => /^Invocation|^ModelLatency|^ModelCacheHit/.test(n));
    };
    // v1 was invoked once above: the query does see invocations when there are some.
    expect(await invocationMetrics("m/v1.tar.gz")).toContain("Invocations");
    expect(await invocationMetrics("m/v2.tar.gz")).toEqual([]);
    expect(await residentOn(EP, "m/v2.tar.gz")).toEqual([0, 1, 2]);
  });

  it("names an endpoint that does not exist, as residency does", async () => {
    await expectError(await warm("nope", { TargetModel: "m/v1.tar.gz" }), 404, "ResourceNotFound", 'Could not find endpoint "nope".');
  });

  it("refuses an endpoint that is not InService with InvokeEndpoint's error", async () => {
    const image = defaultTritonImage(TEST_CONFIG.region)!;
    await c.sm.send(new CreateModelCommand({ ModelName: "warm-later", PrimaryContainer: { Image: image, Mode: "MultiModel", ModelDataUrl: `s3://${BUCKET}/three/` } }));
    await c.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "warm-later-cfg",
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "warm-later", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
      }),
    );
    await c.sm.send(new CreateEndpointCommand({ EndpointName: "warm-later", EndpointConfigName: "warm-later-cfg" }));
    await expectError(await warm("warm-later", { TargetModel: "m/v1.tar.gz" }), 400, "ValidationError", /^Endpoint warm-later of account 000000000000 is not in service \(status Creating\)/);
  });

  it("answers a target model that is not in S3 with InvokeEndpoint's error for it", async () => {
    await expectError(await warm(EP, { TargetModel: "m/v9.tar.gz" }), 400, "ValidationError", /^Failed to download model data\(bucket: warm-models, key: three\/m\/v9\.tar\.gz\)/);
  });

  it("answers a model that fails to load with SageMaker's ModelError, quoting the load's error", async () => {
    const body = await expectError(await warm(EP, { TargetModel: "broken/v1.tar.gz" }), 424, "ModelError", /^Received client error \(400\) from primary with message ".*INPUT9/);
    expect(body.OriginalStatusCode).toBe(400);
    // No lease is left behind: nothing is in flight on any instance.
    const snapshot = (await (await signedFetch(engine.url, { method: "GET", path: `/_mme/endpoints/${EP}/residency` })).json()) as CacheSnapshot;
    for (const i of snapshot.endpoints.flatMap((f) => f.instances)) expect(i.inFlight).toBe(0);
  });

  it("refuses a body without a target model, an unknown variant, and the wrong methods", async () => {
    await expectError(await warm(EP, {}), 400, "ValidationException", "1 validation error detected: Value null at 'targetModel' failed to satisfy constraint: Member must not be null");
    await expectError(await warm(EP, { TargetModel: "m/v1.tar.gz", TargetVariant: "Canary" }), 400, "ValidationError", `Variant Canary not found for endpoint ${EP}.`);
    await expectError(await warm(EP, undefined, "GET"), 405, "MethodNotAllowedException", `GET is not allowed on /_mme/endpoints/${EP}/warm; use POST.`);
    const post = await signedFetch(engine.url, { method: "POST", path: `/_mme/endpoints/${EP}/residency` });
    await expectError(post, 405, "MethodNotAllowedException", `POST is not allowed on /_mme/endpoints/${EP}/residency; use GET.`);
  });
});
