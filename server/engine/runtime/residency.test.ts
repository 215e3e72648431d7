import { statSync } from "node:fs";
import { join } from "node:path";
import { InvokeEndpointCommand, ModelError, ModelNotReadyException } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateOnnxMemoryBytes } from "../backends/onnx/onnx-memory";
import type { InstanceSnapshot } from "@/lib/residency-snapshot";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { createBucket, createEndpoint, fixturePackage, fixtureReference, FIXTURES_DIR, putObject, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { noise, packageFromSource } from "@/test/support/engine/model-packages";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

type Reference = { cases: { request: unknown; response: { outputs: unknown[] } }[] };

const BUCKET = "models";
const ref = fixtureReference<Reference>("onnx-add");
const request = JSON.stringify(ref.cases[0]!.request);

/** What the cache accounts for one copy of onnx-add: every model below is one. */
const PER_MODEL = estimateOnnxMemoryBytes(statSync(join(FIXTURES_DIR, "src/onnx-add/1/model.onnx")).size);

async function engineWith(config: Parameters<typeof startTestEngine>[0] extends infer O ? (O extends { config?: infer C } ? C : never) : never) {
  const engine = await startTestEngine({ config });
  const c = sdkClients(engine);
  await createBucket(c, BUCKET);
  return { engine, c };
}

const instancesOf = (engine: TestEngine, endpoint: string): InstanceSnapshot[] =>
  engine.modelCache.snapshot().endpoints.filter((e) => e.endpointName === endpoint).flatMap((e) => e.instances);

const send = (c: Clients, endpoint: string, model: string) =>
  c.runtime.send(new InvokeEndpointCommand({ EndpointName: endpoint, TargetModel: model, ContentType: "application/json", Body: request }));

describe("one load per model per instance", () => {
  let engine: TestEngine;
  let c: Clients;
  beforeAll(async () => ({ engine, c } = await engineWith({})));
  afterAll(async () => {
    c?.destroy();
    await engine?.cleanup();
  });

  it("loads a cold model once for 200 concurrent first requests, and answers them all", async () => {
    await putObject(c, BUCKET, "burst/m.tar.gz", fixturePackage("onnx-add"));
    await createEndpoint(c, "burst", { bucket: BUCKET, prefix: "burst/" });
    const outs = await Promise.all(Array.from({ length: 200 }, () => send(c, "burst", "m.tar.gz")));
    const expected = JSON.stringify(ref.cases[0]!.response.outputs);
    for (const out of outs) expect(JSON.stringify((JSON.parse(new TextDecoder().decode(out.Body)) as { outputs: unknown }).outputs)).toBe(expected);
    const [instance] = instancesOf(engine, "burst");
    expect(instance!.counters.loads).toBe(1);
    expect(instance!.recent.filter((e) => e.kind === "load")).toHaveLength(1);
    expect(instance!.counters.hits + instance!.counters.misses).toBe(200);
  });
});

describe("a budget that holds 3 of 10 models", () => {
  const BUDGET = Math.floor(3.5 * PER_MODEL);
  let engine: TestEngine;
  let c: Clients;
  beforeAll(async () => {
    ({ engine, c } = await engineWith({ instanceMemoryBytes: BUDGET }));
    for (let i = 0; i < 10; i++) await putObject(c, BUCKET, `ten/m${i}.tar.gz`, fixturePackage("onnx-add"));
    // onnx-add plus 1 MiB of padding in its version folder: estimated beyond the whole budget.
    await putObject(c, BUCKET, "ten/too-big.tar.gz", packageFromSource("onnx-add", { files: { "1/padding.bin": noise(1024 * 1024) } }));
    await createEndpoint(c, "ten", { bucket: BUCKET, prefix: "ten/" });
  });
  afterAll(async () => {
    c?.destroy();
    await engine?.cleanup();
  });

  it("serves a long skewed random trace without an error, never accounting more than the budget", async () => {
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // Model i is asked with weight 1/(i+1) (Zipf-like), as MME traffic usually is.
    const weights = Array.from({ length: 10 }, (_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const pick = () => {
      let r = random() * total;
      return weights.findIndex((w) => (r -= w) < 0);
    };
    const trace = Array.from({ length: 2000 }, pick);
    const check = () => {
      for (const i of instancesOf(engine, "ten")) {
        expect(i.memory.budgetBytes).toBe(BUDGET);
        expect(i.memory.usedBytes).toBeLessThanOrEqual(BUDGET);
        expect(i.models.reduce((n, m) => n + m.bytes, 0)).toBeLessThanOrEqual(BUDGET);
        // A fourth may be loading, waiting for room: it holds nothing until it has some.
        expect(i.models.filter((m) => m.state === "loaded").length).toBeLessThanOrEqual(3);
      }
    };
    // Four clients at once: a load may have to wait for a model in use to become evictable.
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < trace.length) {
          const model = trace[next++]!;
          await send(c, "ten", `m${model}.tar.gz`);
          check();
        }
      }),
    );
    const [instance] = instancesOf(engine, "ten");
    expect(instance!.counters.hits + instance!.counters.misses).toBe(2000);
    expect(instance!.counters.evictions).toBeGreaterThan(0);
    expect(instance!.counters.loadFailures).toBe(0);
    // Evicted models stayed on disk: each package was downloaded once.
    expect(instance!.disk.models).toHaveLength(10);
  });

  it("answers ModelError 507 for a model bigger than the whole budget", async () => {
    const err = (await expectAwsError(send(c, "ten", "too-big.tar.gz"), "ModelError", /^Received server error \(507\) from primary/, 424)) as ModelError;
    expect(err).toBeInstanceOf(ModelError);
    expect(err.OriginalStatusCode).toBe(507);
    expect(err.OriginalMessage).toMatch(/failed to load 'too-big.tar.gz': model too-big.tar.gz needs \d+ bytes of memory, more than instance i-[0-9a-f]+ has in all/);
  });
});

describe("a load longer than a request may wait", () => {
  let engine: TestEngine;
  let c: Clients;
  beforeAll(async () => ({ engine, c } = await engineWith({ loadWaitMs: 0 })));
  afterAll(async () => {
    c?.destroy();
    await engine?.cleanup();
  });

  it("answers ModelNotReadyException (429) while the load goes on, then serves the model", async () => {
    await putObject(c, BUCKET, "slow/m.tar.gz", fixturePackage("onnx-add"));
    await createEndpoint(c, "slow", { bucket: BUCKET, prefix: "slow/" });
    const err = await expectAwsError(send(c, "slow", "m.tar.gz"), "ModelNotReadyException", /^Model m\.tar\.gz is not ready yet/, 429);
    expect(err).toBeInstanceOf(ModelNotReadyException);
    for (;;) {
      const out = await send(c, "slow", "m.tar.gz").catch((e: unknown) => e);
      if (!(out instanceof ModelNotReadyException)) {
        expect((out as { InvokedProductionVariant?: string }).InvokedProductionVariant).toBe("AllTraffic");
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(instancesOf(engine, "slow")[0]!.counters.loads).toBe(1);
  });
});
