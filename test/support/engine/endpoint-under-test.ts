import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll } from "vitest";
import type { EngineConfig } from "@/server/engine/config";
import { createBucket, createEndpoint, putObject, sdkClients, type Clients } from "./mme-endpoint";
import { startTestEngine, type TestEngine } from "./start-test-engine";

/**
 * For a describe block: before its tests, a fresh test engine (with what `config` returns; it runs
 * first, so it may prepare what the engine needs), the bucket, `models()`' packages put in order
 * under `<endpoint>/`, and a MultiModel endpoint named `endpoint` on that prefix; after them, the
 * clients and the engine closed. `engine` and `c` are there once the block's beforeAll has run.
 */
export function endpointUnderTest(opts: { endpoint: string; bucket: string; models: () => Record<string, Uint8Array>; config?: () => Partial<EngineConfig> }) {
  let engine: TestEngine | undefined;
  let c: Clients | undefined;
  const prefix = `${opts.endpoint}/`;

  beforeAll(async () => {
    const config = opts.config?.();
    engine = await startTestEngine(config ? { config } : {});
    c = sdkClients(engine);
    await createBucket(c, opts.bucket);
    for (const [name, body] of Object.entries(opts.models())) await putObject(c, opts.bucket, `${prefix}${name}`, body);
    await createEndpoint(c, opts.endpoint, { bucket: opts.bucket, prefix });
  });
  afterAll(async () => {
    c?.destroy();
    await engine?.cleanup();
  });

  return {
    get engine(): TestEngine {
      return engine!;
    },
    get c(): Clients {
      return c!;
    },
    /** InvokeEndpoint on this endpoint, for `model`. */
    invoke: (model: string, body: string | Uint8Array, contentType = "application/json") =>
      c!.runtime.send(new InvokeEndpointCommand({ EndpointName: opts.endpoint, TargetModel: model, ContentType: contentType, Body: body })),
    /** The model cache's view of this endpoint's instances. */
    instances: () => engine!.modelCache.snapshot().endpoints.find((e) => e.endpointName === opts.endpoint)!.instances,
  };
}
