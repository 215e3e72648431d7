import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededUint32 } from "@/lib/capacity/seeded-random";
import { batchSizeStats } from "@/test/support/engine/batch-size-metric";
import { createBucket, createEndpoint, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { packageFromSource } from "@/test/support/engine/model-packages";
import { SKIP_PYTHON } from "@/test/support/engine/python-backend";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";
import { SKIP_TORCH } from "@/test/support/engine/torch-python";

// Batched answers equal unbatched ones for every datatype, through InvokeEndpoint: the PyTorch
// fixture with all eight datatypes it maps (concatenated along the batch dimension) and the
// Python BYTES fixture (handed to execute() as a list), each packaged with max_batch_size 8 and
// with and without dynamic_batching; ragged arrivals (1 to 3 rows a request, sent at once).
const BUCKET = "batching-dtypes";
const EP = "batching-dtypes";
let engine: TestEngine;
let c: Clients;
let cw: CloudWatchClient;

/** The fixture as a batching model: max_batch_size 8, and dynamic_batching when `batched`. */
function batchable(name: string, batched: boolean): Uint8Array {
  return packageFromSource(name, {
    config: (t) => t.replace("max_batch_size: 0", "max_batch_size: 8") + (batched ? "\ndynamic_batching { max_queue_delay_microseconds: 50000 }\n" : ""),
  });
}

type Input = { name: string; datatype: string; shape: number[]; data: unknown[] };

async function invoke(targetModel: string, inputs: Input[]): Promise<{ name: string; datatype: string; shape: number[]; data: unknown[] }[]> {
  const out = await c.runtime.send(new InvokeEndpointCommand({ EndpointName: EP, TargetModel: targetModel, ContentType: "application/json", Body: JSON.stringify({ inputs }) }));
  const body = JSON.parse(new TextDecoder().decode(out.Body)) as { outputs: { name: string; datatype: string; shape: number[]; data: unknown[] }[] };
  return body.outputs.sort((a, b) => a.name.localeCompare(b.name));
}

const executions = async (targetModel: string) => (await batchSizeStats(cw, EP, targetModel)).executions;

/** Every datatype torch-dtypes takes, `rows` rows of 3 values each within the type's range (exact in it). */
function torchInputs(random: () => number, rows: number): Input[] {
  const n = rows * 3;
  const pick = (values: unknown[]) => Array.from({ length: n }, () => values[random() % values.length]);
  return [
    { name: "INPUT__0", datatype: "FP16", shape: [rows, 3], data: pick([1.5, -0.25, 1024, 0, 3.75]) },
    { name: "INPUT__1", datatype: "BF16", shape: [rows, 3], data: pick([1.5, -2.25, 0.125, 4]) },
    { name: "INPUT__2", datatype: "FP64", shape: [rows, 3], data: pick([0.1, -3, 1e100, 2.5]) },
    { name: "INPUT__3", datatype: "INT8", shape: [rows, 3], data: pick([-127, 0, 127, 5]) },
    { name: "INPUT__4", datatype: "INT16", shape: [rows, 3], data: pick([-1000, 0, 1000, 7]) },
    { name: "INPUT__5", datatype: "INT32", shape: [rows, 3], data: pick([-2147483648, 0, 2147483600, 11]) },
    { name: "INPUT__6", datatype: "UINT8", shape: [rows, 3], data: pick([0, 1, 254]) },
    { name: "INPUT__7", datatype: "BOOL", shape: [rows, 3], data: pick([true, false]) },
  ];
}

function textInputs(random: () => number, rows: number): Input[] {
  const words = ["élan vital", "a b c", "", "triton", "naïve café au lait", "ß"];
  return [{ name: "TEXT", datatype: "BYTES", shape: [rows, 3], data: Array.from({ length: rows * 3 }, () => words[random() % words.length]) }];
}

beforeAll(async () => {
  engine = await startTestEngine();
  c = sdkClients(engine);
  cw = new CloudWatchClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createBucket(c, BUCKET);
  for (const [name, fixture] of [
    ["torch", "torch-dtypes"],
    ["bytes", "python-bytes"],
  ] as const) {
    await putObject(c, BUCKET, `m/${name}-batched.tar.gz`, batchable(fixture, true));
    await putObject(c, BUCKET, `m/${name}-alone.tar.gz`, batchable(fixture, false));
  }
  await createEndpoint(c, EP, { bucket: BUCKET, prefix: "m/" });
});
afterAll(async () => {
  cw?.destroy();
  c?.destroy();
  await engine?.cleanup();
});

/** Ragged requests sent at once to the batched model, then one by one to the unbatched one: the same answers, in fewer executions. */
async function sameAnswers(name: string, make: (random: () => number, rows: number) => Input[], seed: number): Promise<void> {
  const random = seededUint32(seed);
  const requests = Array.from({ length: 16 }, () => make(random, 1 + (random() % 3)));
  await invoke(`${name}-batched.tar.gz`, requests[0]!);
  await invoke(`${name}-alone.tar.gz`, requests[0]!);
  const before = await executions(`${name}-batched.tar.gz`);
  const batched = await Promise.all(requests.map((r) => invoke(`${name}-batched.tar.gz`, r)));
  const alone: Awaited<ReturnType<typeof invoke>>[] = [];
  for (const r of requests) alone.push(await invoke(`${name}-alone.tar.gz`, r));
  requests.forEach((_, i) => expect(batched[i], `request ${i}`).toEqual(alone[i]));
  expect((await executions(`${name}-batched.tar.gz`)) - before).toBeLessThan(requests.length);
}

describe("dynamic batching keeps every datatype's answers", () => {
  it.skipIf(SKIP_TORCH)("PyTorch: FP16, BF16, FP64, INT8, INT16, INT32, UINT8 and BOOL concatenated and split back", async () => {
    await sameAnswers("torch", torchInputs, 21);
  });

  it.skipIf(SKIP_PYTHON)("Python: BYTES requests handed to execute() as a list", async () => {
    await sameAnswers("bytes", textInputs, 22);
  });
});
