import {
  CreateEndpointConfigCommand,
  DeleteEndpointCommand,
  UpdateEndpointCommand,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, type InvokeEndpointCommandOutput } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeInferenceResponse } from "@/lib/v2/inference-response";
import { encodeInferenceRequest } from "@/lib/v2/inference-request";
import { tensorDataFromJson, tensorDataToJson } from "@/lib/v2/tensor-json";
import type { Tensor, V2DataType } from "@/lib/v2/tensor";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { packageFromSource } from "@/test/support/engine/model-packages";
import { captureResponseHeaders } from "@/test/support/engine/response-headers";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

type JsonTensor = { name: string; shape: number[]; datatype: V2DataType; data: number[] };
type Reference = { cases: { version: number; request: { inputs: JsonTensor[] }; response: { outputs: JsonTensor[] } }[] };

const BUCKET = "models";
const decoder = new TextDecoder();

let engine: TestEngine;
let c: Clients;
let headers: () => Record<string, string>;

beforeAll(async () => {
  engine = await startTestEngine();
  c = sdkClients(engine);
  headers = captureResponseHeaders(c.runtime);
  await createBucket(c, BUCKET);
  for (const name of ["onnx-add", "onnx-two-versions", "xgboost-binary", "xgboost-multiclass", "lightgbm-binary"]) {
    await putObject(c, BUCKET, `mme/${name}/v1.tar.gz`, fixturePackage(name));
  }
  // Version 1 of onnx-two-versions is reachable only when the config's policy serves it.
  const v1Only = packageFromSource("onnx-two-versions", { config: (t) => t.replace("version_policy: { all { } }", "version_policy: { specific { versions: [ 1 ] } }") });
  await putObject(c, BUCKET, "mme/onnx-two-versions/v1-only.tar.gz", v1Only);
  await createEndpoint(c, "mme", { bucket: BUCKET, prefix: "mme/" });
});
afterAll(async () => {
  c?.destroy();
  await engine?.cleanup();
});

const invoke = (targetModel: string, body: string | Uint8Array, extra: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]> = {}) =>
  c.runtime.send(new InvokeEndpointCommand({ EndpointName: "mme", TargetModel: targetModel, ContentType: "application/json", Body: body, ...extra }));

const outputsOf = (out: InvokeEndpointCommandOutput) => decodeInferenceResponse(out.Body!, out.ContentType).outputs;
const asJson = (t: Tensor) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: tensorDataToJson(t) });

describe("InvokeEndpoint on a multi-model endpoint", () => {
  it("answers onnx-add's reference exactly, in JSON, and says which variant answered", async () => {
    const ref = fixtureReference<Reference>("onnx-add");
    const out = await invoke("onnx-add/v1.tar.gz", JSON.stringify(ref.cases[0]!.request), { CustomAttributes: "trace=abc-123" });
    expect(out.ContentType).toBe("application/json");
    expect(out.InvokedProductionVariant).toBe("AllTraffic");
    expect(out.CustomAttributes).toBe("trace=abc-123");
    const body = JSON.parse(decoder.decode(out.Body)) as { model_name: string; model_version: string; outputs: JsonTensor[] };
    // SageMaker's Triton registers the model under the target model and answers with that name.
    expect(body.model_name).toBe("onnx-add/v1.tar.gz");
    expect(body.model_version).toBe("1");
    expect(body.outputs).toEqual(ref.cases[0]!.response.outputs);
  });

  it("marks cold loads with the local x-mme-model-cache header", async () => {
    const ref = fixtureReference<Reference>("onnx-add");
    await putObject(c, BUCKET, "mme/cache-header/v1.tar.gz", fixturePackage("onnx-add"));
    await invoke("cache-header/v1.tar.gz", JSON.stringify(ref.cases[0]!.request));
    expect(headers()["x-mme-model-cache"]).toBe("miss");
    await invoke("cache-header/v1.tar.gz", JSON.stringify(ref.cases[0]!.request));
    expect(headers()["x-mme-model-cache"]).toBe("hit");
  });

  it("takes binary inputs and returns the outputs asked in binary", async () => {
    const ref = fixtureReference<Reference>("onnx-add");
    const inputs = ref.cases[0]!.request.inputs.map((t) => ({ ...t, data: tensorDataFromJson(`input '${t.name}'`, t.datatype, t.shape, t.data) }));
    const req = encodeInferenceRequest({ inputs, outputs: [{ name: "OUTPUT0", binary: true }] }, { binary: true });
    const out = await invoke("onnx-add/v1.tar.gz", req.body, { ContentType: req.contentType });
    expect(out.ContentType).toMatch(/^application\/vnd\.sagemaker-triton\.binary\+json;json-header-size=\d+$/);
    const header = JSON.parse(decoder.decode(out.Body!.subarray(0, Number(/json-header-size=(\d+)/.exec(out.ContentType!)![1])))) as { outputs: { parameters?: { binary_data_size?: number } }[] };
    expect(header.outputs[0]!.parameters?.binary_data_size).toBe(32);
    expect(outputsOf(out).map(asJson)).toEqual(ref.cases[0]!.response.outputs);
  });

  it("answers JSON to a binary request that asks for no binary output", async () => {
    const ref = fixtureReference<Reference>("onnx-add");
    const inputs = ref.cases[0]!.request.inputs.map((t) => ({ ...t, data: tensorDataFromJson(`input '${t.name}'`, t.datatype, t.shape, t.data) }));
    const req = encodeInferenceRequest({ inputs }, { binary: true });
    const out = await invoke("onnx-add/v1.tar.gz", req.body, { ContentType: req.contentType });
    expect(out.ContentType).toBe("application/json");
    expect(outputsOf(out).map(asJson)).toEqual(ref.cases[0]!.response.outputs);
  });

  it("serves the highest version the version policy loads (onnx-two-versions)", async () => {
    const ref = fixtureReference<Reference>("onnx-two-versions");
    const byVersion = new Map(ref.cases.map((k) => [k.version, k]));
    const latest = await invoke("onnx-two-versions/v1.tar.gz", JSON.stringify(byVersion.get(2)!.request));
    expect(JSON.parse(decoder.decode(latest.Body))).toMatchObject({ model_version: "2", outputs: byVersion.get(2)!.response.outputs });
    const pinned = await invoke("onnx-two-versions/v1-only.tar.gz", JSON.stringify(byVersion.get(1)!.request));
    expect(JSON.parse(decoder.decode(pinned.Body))).toMatchObject({ model_version: "1", outputs: byVersion.get(1)!.response.outputs });
  });

  it.each(["xgboost-binary", "xgboost-multiclass", "lightgbm-binary"])("answers %s's reference through the FIL backend", async (name) => {
    const ref = fixtureReference<Reference>(name);
    const out = await invoke(`${name}/v1.tar.gz`, JSON.stringify(ref.cases[0]!.request));
    const [got] = outputsOf(out);
    const want = ref.cases[0]!.response.outputs[0]!;
    expect({ name: got!.name, datatype: got!.datatype, shape: got!.shape }).toEqual({ name: want.name, datatype: "FP32", shape: want.shape });
    const values = Array.from(got!.data as Float32Array);
    values.forEach((v, i) => expect(Math.abs(v - want.data[i]!)).toBeLessThan(1e-6));
  });

  it("keeps serving what it loaded when the S3 object is overwritten (the cache is keyed by name)", async () => {
    const ref = fixtureReference<Reference>("onnx-two-versions");
    const request = JSON.stringify(ref.cases[0]!.request);
    await putObject(c, BUCKET, "mme/overwritten.tar.gz", fixturePackage("onnx-add"));
    const first = JSON.parse(decoder.decode((await invoke("overwritten.tar.gz", request)).Body)) as { outputs: JsonTensor[] };
    // Same key, other weights: onnx-two-versions serves version 2, which subtracts.
    await putObject(c, BUCKET, "mme/overwritten.tar.gz", fixturePackage("onnx-two-versions"));
    const again = JSON.parse(decoder.decode((await invoke("overwritten.tar.gz", request)).Body)) as { model_name: string; outputs: JsonTensor[] };
    expect(again.model_name).toBe("overwritten.tar.gz");
    expect(again.outputs).toEqual(first.outputs);
    // A new key is a new model.
    await putObject(c, BUCKET, "mme/overwritten-v2.tar.gz", fixturePackage("onnx-two-versions"));
    const fresh = JSON.parse(decoder.decode((await invoke("overwritten-v2.tar.gz", request)).Body)) as { model_name: string };
    expect(fresh.model_name).toBe("overwritten-v2.tar.gz");
  });
});

describe("residency across an endpoint's life", () => {
  const request = () => JSON.stringify(fixtureReference<Reference>("onnx-add").cases[0]!.request);
  const fleetsOf = (name: string) => engine.modelCache.snapshot().endpoints.filter((e) => e.endpointName === name);

  it("routes a model to the instance that holds it, and new models to the least loaded instance", async () => {
    await putObject(c, BUCKET, "two/a.tar.gz", fixturePackage("onnx-add"));
    await putObject(c, BUCKET, "two/b.tar.gz", fixturePackage("onnx-add"));
    await createEndpoint(c, "two-instances", { bucket: BUCKET, prefix: "two/", instanceCount: 2 });
    const send = (model: string) =>
      c.runtime.send(new InvokeEndpointCommand({ EndpointName: "two-instances", TargetModel: model, ContentType: "application/json", Body: request() }));
    for (let i = 0; i < 5; i++) await send("a.tar.gz");
    await send("b.tar.gz");
    const [fleet] = fleetsOf("two-instances");
    expect(fleet!.instances).toHaveLength(2);
    const holding = (model: string) => fleet!.instances.filter((i) => i.models.some((m) => m.targetModel === model));
    expect(holding("a.tar.gz")).toHaveLength(1);
    expect(holding("b.tar.gz")).toHaveLength(1);
    expect(holding("a.tar.gz")[0]!.instanceId).not.toBe(holding("b.tar.gz")[0]!.instanceId);
    expect(holding("a.tar.gz")[0]!.counters).toMatchObject({ loads: 1, hits: 4 });
  });

  it("unloads the endpoint's models when UpdateEndpoint completes; the new instances start cold", async () => {
    await putObject(c, BUCKET, "upd/m.tar.gz", fixturePackage("onnx-add"));
    await createEndpoint(c, "updated", { bucket: BUCKET, prefix: "upd/" });
    const send = () => c.runtime.send(new InvokeEndpointCommand({ EndpointName: "updated", TargetModel: "m.tar.gz", ContentType: "application/json", Body: request() }));
    await send();
    expect(fleetsOf("updated")[0]!.instances[0]!.models).toHaveLength(1);

    await c.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "updated-cfg-2",
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "updated", InstanceType: "ml.g5.2xlarge", InitialInstanceCount: 1 }],
      }),
    );
    await c.sm.send(new UpdateEndpointCommand({ EndpointName: "updated", EndpointConfigName: "updated-cfg-2" }));
    await waitUntilEndpointInService({ client: c.sm, maxWaitTime: 30, minDelay: 1 }, { EndpointName: "updated" });
    expect(fleetsOf("updated")).toEqual([]);

    await send();
    expect(headers()["x-mme-model-cache"]).toBe("miss");
    const [fleet] = fleetsOf("updated");
    expect(fleet!.instanceType).toBe("ml.g5.2xlarge");
    expect(fleet!.instances[0]!.counters.loads).toBe(1);
  });

  it("unloads the endpoint's models on DeleteEndpoint", async () => {
    await putObject(c, BUCKET, "del/m.tar.gz", fixturePackage("onnx-add"));
    await createEndpoint(c, "deleted", { bucket: BUCKET, prefix: "del/" });
    await c.runtime.send(new InvokeEndpointCommand({ EndpointName: "deleted", TargetModel: "m.tar.gz", ContentType: "application/json", Body: request() }));
    expect(fleetsOf("deleted")).toHaveLength(1);
    await c.sm.send(new DeleteEndpointCommand({ EndpointName: "deleted" }));
    expect(fleetsOf("deleted")).toEqual([]);
  });
});
