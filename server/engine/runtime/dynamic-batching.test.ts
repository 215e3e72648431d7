import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededUint32 } from "@/lib/capacity/seeded-random";
import type { CacheSnapshot, ResidentModelSnapshot } from "@/lib/residency-snapshot";
import { batchSizeStats } from "@/test/support/engine/batch-size-metric";
import { expectModelError } from "@/test/support/engine/expect-aws-error";
import { createBucket, createEndpoint, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { packageFromSource } from "@/test/support/engine/model-packages";
import { SKIP_PYTHON } from "@/test/support/engine/python-backend";
import { signedEngineGet } from "@/test/support/engine/signed-engine-get";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";

// Triton's dynamic batcher on the engine, through InvokeEndpoint: onnx-two-versions' version 1
// (OUTPUT0 = INPUT0 + INPUT1, max_batch_size 8, dims [4]) with its config's dynamic_batching
// changed per package.
const BUCKET = "batching";
const EP = "batching";
let engine: TestEngine;
let c: Clients;
let cw: CloudWatchClient;

/** onnx-two-versions serving version 1 only, with `batching` as its dynamic_batching block. */
function addPackage(batching: string): Uint8Array {
  return packageFromSource("onnx-two-versions", {
    config: (t) => t.replace("version_policy: { all { } }", "version_policy: { specific { versions: [ 1 ] } }").replace(/dynamic_batching \{[^}]*\}/, batching),
  });
}

type Request = { id?: string; parameters?: Record<string, unknown>; inputs: { name: string; datatype: "FP32"; shape: number[]; data: number[] }[] };

/** A request of `rows` rows of random FP32 values (exact in FP32), and the sum the model must give. */
function addRequest(random: () => number, rows: number): { request: Request; sum: number[] } {
  const value = () => (random() % 20001) / 8 - 1250;
  const a = Array.from({ length: rows * 4 }, value);
  const b = Array.from({ length: rows * 4 }, value);
  return {
    request: {
      inputs: [
        { name: "INPUT0", datatype: "FP32", shape: [rows, 4], data: a },
        { name: "INPUT1", datatype: "FP32", shape: [rows, 4], data: b },
      ],
    },
    sum: a.map((x, i) => Math.fround(x + b[i]!)),
  };
}

async function invoke(targetModel: string, request: Request): Promise<{ shape: number[]; data: number[] }> {
  const out = await c.runtime.send(new InvokeEndpointCommand({ EndpointName: EP, TargetModel: targetModel, ContentType: "application/json", Body: JSON.stringify(request) }));
  const body = JSON.parse(new TextDecoder().decode(out.Body)) as { outputs: { name: string; shape: number[]; data: number[] }[] };
  return body.outputs.find((o) => o.name === "OUTPUT0")!;
}

/** The BatchSize series of a target model: executions, rows, largest batch. */
const batchSizes = (targetModel: string) => batchSizeStats(cw, EP, targetModel);

/** A resident target model as the engine's residency snapshot shows it. */
async function resident(targetModel: string): Promise<ResidentModelSnapshot> {
  const snapshot = await signedEngineGet<CacheSnapshot>(engine.url, `/_mme/endpoints/${EP}/residency`);
  const models = snapshot.endpoints.flatMap((f) => f.instances.flatMap((i) => i.models)).filter((m) => m.targetModel.endsWith(targetModel));
  expect(models.length).toBeGreaterThan(0);
  return models[0]!;
}

/** The requests waiting in a target model's batcher queue, from the engine's residency snapshot (undefined: no batcher). */
async function queued(targetModel: string): Promise<number | undefined> {
  return (await resident(targetModel)).queued;
}

beforeAll(async () => {
  engine = await startTestEngine();
  c = sdkClients(engine);
  cw = new CloudWatchClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createBucket(c, BUCKET);
  // A delay long enough that concurrent requests meet in the queue.
  await putObject(c, BUCKET, "m/batched.tar.gz", addPackage("dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 20000 }"));
  await putObject(c, BUCKET, "m/unbatched.tar.gz", addPackage(""));
  // Two may wait; a third is refused. A lone request waits 0.5 s for company.
  await putObject(c, BUCKET, "m/small-queue.tar.gz", addPackage("dynamic_batching { max_queue_delay_microseconds: 500000 default_queue_policy { max_queue_size: 2 } }"));
  // Waits for company longer than it may wait at all.
  await putObject(c, BUCKET, "m/timeout.tar.gz", addPackage("dynamic_batching { max_queue_delay_microseconds: 300000 default_queue_policy { default_timeout_microseconds: 1000 } }"));
  // A request may shorten its own wait (`timeout` parameter) below a long default.
  await putObject(c, BUCKET, "m/override.tar.gz", addPackage("dynamic_batching { max_queue_delay_microseconds: 300000 default_queue_policy { default_timeout_microseconds: 60000000 allow_timeout_override: true max_queue_size: 1 } }"));
  // Two instances: two sessions, each with its memory, running batches at the same time.
  await putObject(c, BUCKET, "m/two-instances.tar.gz", addPackage("dynamic_batching { max_queue_delay_microseconds: 20000 }\ninstance_group [ { count: 2 kind: KIND_CPU } ]"));
  // Triton's add_sub Python model behind the batcher: execute() gets the batch as a list.
  await putObject(c, BUCKET, "m/python.tar.gz", packageFromSource("python-add-sub", { config: (t) => `${t}\ndynamic_batching { max_queue_delay_microseconds: 20000 }\n` }));
  await createEndpoint(c, EP, { bucket: BUCKET, prefix: "m/" });
});
afterAll(async () => {
  cw?.destroy();
  c?.destroy();
  await engine?.cleanup();
});

describe("dynamic batching on the engine", () => {
  it("answers every concurrent request with exactly its own rows, the same as without batching, in batches of several", async () => {
    const random = seededUint32(7);
    const cases = Array.from({ length: 48 }, () => addRequest(random, 1 + (random() % 3)));
    // Loaded first, so the batches measured are of the concurrent requests only.
    await invoke("batched.tar.gz", cases[0]!.request);
    await invoke("unbatched.tar.gz", cases[0]!.request);
    const before = await batchSizes("batched.tar.gz");
    const batched = await Promise.all(cases.map((k) => invoke("batched.tar.gz", k.request)));
    const alone = await Promise.all(cases.map((k) => invoke("unbatched.tar.gz", k.request)));
    cases.forEach((k, i) => {
      expect(batched[i]!.shape, `request ${i}`).toEqual([k.request.inputs[0]!.shape[0], 4]);
      expect(batched[i]!.data, `request ${i}`).toEqual(k.sum);
      expect(alone[i]!.data).toEqual(batched[i]!.data);
    });
    const after = await batchSizes("batched.tar.gz");
    const rows = cases.reduce((s, k) => s + k.request.inputs[0]!.shape[0]!, 0);
    expect(after.rows - before.rows).toBe(rows);
    // Fewer executions than requests: they were batched, none past max_batch_size.
    expect(after.executions - before.executions).toBeLessThan(cases.length);
    expect(after.max).toBeGreaterThan(1);
    expect(after.max).toBeLessThanOrEqual(8);
    // A model without dynamic_batching runs each request alone and records no batches.
    expect((await batchSizes("unbatched.tar.gz")).executions).toBe(0);
  });

  it("refuses a request when max_queue_size wait: Triton's error through SageMaker's ModelError; the residency shows the queue", async () => {
    const random = seededUint32(8);
    await invoke("small-queue.tar.gz", addRequest(random, 1).request);
    // Settled as they come: the third is refused at once, before the others are served.
    const three = Promise.allSettled([1, 2, 3].map(() => invoke("small-queue.tar.gz", addRequest(random, 1).request)));
    // Two wait out the batcher's 0.5 s delay: the residency view counts them.
    await waitFor(() => queued("small-queue.tar.gz"), (n) => n === 2);
    expect(await queued("batched.tar.gz")).toBe(0);
    expect(await queued("unbatched.tar.gz")).toBeUndefined();
    const settled = await three;
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(2);
    const refused = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    await expectModelError(Promise.reject(refused.reason), 400, /^\[request id: <id_unknown>\] Exceeds maximum queue size$/);
  });

  it("rejects a request still queued past default_timeout_microseconds", async () => {
    const random = seededUint32(9);
    await expectModelError(invoke("timeout.tar.gz", addRequest(random, 1).request), 400, /^Request timeout expired$/);
  });

  it("takes a request's own timeout parameter where the policy allows it, and names the request in its errors", async () => {
    const random = seededUint32(10);
    // Without a timeout of its own the request waits out the 0.3 s delay and is answered.
    const plain = addRequest(random, 1);
    expect((await invoke("override.tar.gz", plain.request)).data).toEqual(plain.sum);
    const short = addRequest(random, 1).request;
    await expectModelError(invoke("override.tar.gz", { ...short, id: "short-1", parameters: { timeout: 1000 } }), 400, /^Request timeout expired$/);
    // The queue holds one: a second request, with an id, is refused in Triton's words with it.
    const waiting = invoke("override.tar.gz", addRequest(random, 1).request);
    await waitFor(() => queued("override.tar.gz"), (n) => n === 1);
    await expectModelError(invoke("override.tar.gz", { ...addRequest(random, 1).request, id: "req-42" }), 400, /^\[request id: req-42\] Exceeds maximum queue size$/);
    await waiting;
    await expectModelError(invoke("override.tar.gz", { ...addRequest(random, 1).request, parameters: { timeout: "soon" } }), 400, /parameter 'timeout' must be a whole number of microseconds/);
  });

  it("runs a model of instance_group count 2 as two instances: the same answers, twice the memory", async () => {
    const random = seededUint32(11);
    const cases = Array.from({ length: 32 }, () => addRequest(random, 1 + (random() % 2)));
    await invoke("two-instances.tar.gz", cases[0]!.request);
    const answers = await Promise.all(cases.map((k) => invoke("two-instances.tar.gz", k.request)));
    cases.forEach((k, i) => expect(answers[i]!.data, `request ${i}`).toEqual(k.sum));
    const two = await resident("two-instances.tar.gz");
    const one = await resident("batched.tar.gz");
    expect(two.bytes).toBe(2 * one.bytes);
    expect((await batchSizes("two-instances.tar.gz")).rows).toBe(cases.reduce((s, k) => s + k.request.inputs[0]!.shape[0]!, 0) + cases[0]!.request.inputs[0]!.shape[0]!);
  });

  it.skipIf(SKIP_PYTHON)("hands a Python model's execute() the batch as a list, each request answered with its own rows", async () => {
    const random = seededUint32(12);
    const cases = Array.from({ length: 24 }, () => addRequest(random, 1 + (random() % 2)));
    await invoke("python.tar.gz", cases[0]!.request);
    const before = await batchSizes("python.tar.gz");
    const answers = await Promise.all(cases.map((k) => invoke("python.tar.gz", k.request)));
    cases.forEach((k, i) => expect(answers[i]!.data, `request ${i}`).toEqual(k.sum));
    const after = await batchSizes("python.tar.gz");
    expect(after.rows - before.rows).toBe(cases.reduce((s, k) => s + k.request.inputs[0]!.shape[0]!, 0));
    expect(after.executions - before.executions).toBeLessThan(cases.length);
  });
});
