import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBucket, createEndpoint, FIXTURES_DIR, fixturePackage, fixtureReference, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { SKIP_PYTHON } from "@/test/support/engine/python-backend";
import { expectModelError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";
import { buildTarGz, type TarItem } from "@/test/support/triton/build-tar";

// Packages as SageMaker's Triton loads them (src/sagemaker_server.cc): the layouts, the name it
// registers a model under, and ensembles run step by step. Driven through the real SDK clients.
type JsonTensor = { name: string; shape: number[]; datatype: string; data: number[] };
type Reference = { cases: { request: { inputs: JsonTensor[] }; response: { outputs: JsonTensor[] } }[] };
type V2Response = { model_name: string; model_version: string; outputs: JsonTensor[] };

const BUCKET = "layouts";
let engine: TestEngine;
let c: Clients;

/** onnx-add's source folder as tar items under `prefix` ("" puts config.pbtxt at the archive root). */
function onnxAddItems(prefix: string, config = (t: string) => t): TarItem[] {
  const src = join(FIXTURES_DIR, "src", "onnx-add");
  return [
    { name: `${prefix}config.pbtxt`, data: config(readFileSync(join(src, "config.pbtxt"), "utf8")) },
    ...readdirSync(join(src, "1")).map((f) => ({ name: `${prefix}1/${f}`, data: readFileSync(join(src, "1", f)) })),
  ];
}

beforeAll(async () => {
  engine = await startTestEngine();
  c = sdkClients(engine);
  await createBucket(c, BUCKET);
  await putObject(c, BUCKET, "m/ensemble-onnx.tar.gz", fixturePackage("ensemble-onnx"));
  await putObject(c, BUCKET, "m/ensemble-python.tar.gz", fixturePackage("ensemble-python"));
  await putObject(c, BUCKET, "m/at-root.tar.gz", buildTarGz(onnxAddItems("")));
  // The BERT notebook's packing: `tar -C model_repo_0 -czf bert-0.tar.gz .` of bert_0/ whose config says name: "bert".
  await putObject(c, BUCKET, "m/bert-0.tar.gz", buildTarGz([{ name: "./", type: "dir" }, ...onnxAddItems("./bert_0/", (t) => t.replace('name: "onnx-add"', 'name: "bert"'))]));
  await putObject(c, BUCKET, "m/two-models.tar.gz", buildTarGz([...onnxAddItems("a/"), ...onnxAddItems("b/")]));
  await createEndpoint(c, "layouts", { bucket: BUCKET, prefix: "m/" });
});
afterAll(async () => {
  c?.destroy();
  await engine?.cleanup();
});

const invoke = (targetModel: string, body: unknown) =>
  c.runtime.send(new InvokeEndpointCommand({ EndpointName: "layouts", TargetModel: targetModel, ContentType: "application/octet-stream", Body: JSON.stringify(body) }));
const answer = async (targetModel: string, body: unknown) => JSON.parse(new TextDecoder().decode((await invoke(targetModel, body)).Body)) as V2Response;

describe("package layouts", () => {
  const add = fixtureReference<Reference>("onnx-add").cases[0]!;

  it("loads config.pbtxt at the archive root, answering as the target model, version 1", async () => {
    const body = await answer("at-root.tar.gz", add.request);
    expect([body.model_name, body.model_version]).toEqual(["at-root.tar.gz", "1"]);
    expect(body.outputs).toEqual(add.response.outputs);
  });

  it("loads a folder whose config.pbtxt names another model (bert_0 / \"bert\"), registered under the target model", async () => {
    const body = await answer("bert-0.tar.gz", add.request);
    expect(body.model_name).toBe("bert-0.tar.gz");
    expect(body.outputs).toEqual(add.response.outputs);
  });

  it("refuses several folders with no ensemble with Triton's load status, 400, saying which layouts it accepts", async () => {
    await expectModelError(invoke("two-models.tar.gz", add.request), 400, /^failed to load 'two-models.tar.gz': the archive has 2 top-level folders \(a, b\) and none is an ensemble: SageMaker's Triton accepts/);
  });
});

describe("ensembles", () => {
  it("runs the steps in the order their tensors need (the config lists them the other way), returning exactly the reference", async () => {
    const ref = fixtureReference<Reference>("ensemble-onnx").cases[0]!;
    const body = await answer("ensemble-onnx.tar.gz", ref.request);
    expect([body.model_name, body.model_version]).toEqual(["ensemble-onnx.tar.gz", "1"]);
    expect(body.outputs).toEqual(ref.response.outputs);
  });

  it("returns only the outputs asked for", async () => {
    const ref = fixtureReference<Reference>("ensemble-onnx").cases[0]!;
    const body = await answer("ensemble-onnx.tar.gz", { ...ref.request, outputs: [{ name: "DIFF" }] });
    expect(body.outputs).toEqual([ref.response.outputs.find((o) => o.name === "DIFF")]);
  });

  it("holds the composing models as one resident model, their memory added up", async () => {
    const fleet = engine.modelCache.snapshot().endpoints.find((f) => f.endpointName === "layouts")!;
    const models = fleet.instances.flatMap((i) => i.models).filter((m) => m.targetModel === "ensemble-onnx.tar.gz");
    expect(models).toHaveLength(1);
    // Two ONNX models of 157 bytes, each estimated as onnxruntime's: 2 x the file + 512 KiB.
    expect(models[0]!.bytes).toBe(2 * (2 * 157 + 512 * 1024));
  });

  it("checks a step's tensors against its composing model, as a request to it would be", async () => {
    const ref = fixtureReference<Reference>("ensemble-onnx").cases[0]!;
    const wrongShape = { inputs: ref.request.inputs.map((t) => ({ ...t, shape: [1, 8] })) };
    await expectModelError(invoke("ensemble-onnx.tar.gz", wrongShape), 400, /^unexpected shape for input 'A' for model 'ensemble-onnx.tar.gz'/);
  });

  it.skipIf(SKIP_PYTHON)("runs a Python-backend model as a step (ONNX, then Python), equal to numpy's reference", async () => {
    const ref = fixtureReference<Reference>("ensemble-python").cases[0]!;
    const body = await answer("ensemble-python.tar.gz", ref.request);
    expect(body.model_name).toBe("ensemble-python.tar.gz");
    expect(body.outputs).toEqual(ref.response.outputs);
  });
});
