import { rmSync } from "node:fs";
import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListTagsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { exited, spawnEngine as spawnChildEngine, type ChildEngine } from "@/test/support/engine/spawn-engine";
import { makeDataDir, startTestEngine, TEST_CREDENTIALS, waitFor } from "@/test/support/engine/start-test-engine";

const TRITON = defaultTritonImage("us-east-1")!;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function clientFor(url: string): SageMakerClient {
  const sm = new SageMakerClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  cleanups.push(() => sm.destroy());
  return sm;
}

function cloudwatchFor(url: string): CloudWatchClient {
  const cw = new CloudWatchClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  cleanups.push(() => cw.destroy());
  return cw;
}

const METRIC_AT = new Date(Date.now() - 60_000);

/** Model, configuration, endpoint and a metric datum: every kind of acknowledged write the engine makes. */
async function createEverything(sm: SageMakerClient, url: string): Promise<void> {
  const s3 = new S3Client({ endpoint: url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: "mme-models" }));
  s3.destroy();
  await sm.send(
    new CreateModelCommand({
      ModelName: "durable",
      PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://mme-models/p/" },
      Tags: [{ Key: "k", Value: "v" }],
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "durable-cfg",
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "durable", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: "durable-ep", EndpointConfigName: "durable-cfg" }));
  await cloudwatchFor(url).send(new PutMetricDataCommand({ Namespace: "Durable", MetricData: [{ MetricName: "Acked", Value: 42, Timestamp: METRIC_AT }] }));
}

async function expectEverything(sm: SageMakerClient, url: string): Promise<void> {
  const stats = await cloudwatchFor(url).send(
    new GetMetricStatisticsCommand({ Namespace: "Durable", MetricName: "Acked", StartTime: new Date(METRIC_AT.getTime() - 3600_000), EndTime: new Date(), Period: 86_400, Statistics: ["Sum"] }),
  );
  expect(stats.Datapoints?.map((d) => d.Sum)).toEqual([42]);
  const model = await sm.send(new DescribeModelCommand({ ModelName: "durable" }));
  expect(model.PrimaryContainer?.ModelDataUrl).toBe("s3://mme-models/p/");
  expect((await sm.send(new ListTagsCommand({ ResourceArn: model.ModelArn }))).Tags).toEqual([{ Key: "k", Value: "v" }]);
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "durable-cfg" }));
  expect(config.ProductionVariants?.[0]?.InstanceType).toBe("ml.g5.xlarge");
  // The endpoint was mid-Creating when the engine went away; its transition completes anyway.
  const ep = await waitFor(
    () => sm.send(new DescribeEndpointCommand({ EndpointName: "durable-ep" })),
    (d) => d.EndpointStatus === "InService",
    10_000,
  );
  expect(ep.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(1);
}

describe("restart on the same data dir", () => {
  it("keeps every resource, and completes a transition that fell due while stopped", async () => {
    const dataDir = makeDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startTestEngine({ dataDir, config: { transitionMs: 300 } });
    await createEverything(clientFor(first.url), first.url);
    await first.close();
    await new Promise((r) => setTimeout(r, 400)); // past the due time, with no engine running

    const second = await startTestEngine({ dataDir, config: { transitionMs: 300 } });
    cleanups.push(() => second.close());
    const sm = clientFor(second.url);
    const ep = await sm.send(new DescribeEndpointCommand({ EndpointName: "durable-ep" }));
    expect(ep.EndpointStatus).toBe("InService");
    expect(ep.LastModifiedTime!.getTime() - ep.CreationTime!.getTime()).toBe(300);
    await expectEverything(sm, second.url);
  });
});

/** main.ts in its own process, killed at the end of the test whatever happened. */
async function spawnEngine(dataDir: string, transitionMs: number): Promise<ChildEngine> {
  const engine = await spawnChildEngine(dataDir, { MME_ENGINE_TRANSITION_MS: String(transitionMs) });
  cleanups.push(() => engine.kill());
  return engine;
}

describe("the engine as a process", () => {
  it("loses nothing acknowledged when killed with SIGKILL, and finishes Creating after restart", async () => {
    const dataDir = makeDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await spawnEngine(dataDir, 3000);
    await createEverything(clientFor(first.url), first.url);
    first.child.kill("SIGKILL"); // right after the last acknowledged write, mid-Creating
    expect((await exited(first.child)).signal).toBe("SIGKILL");

    const second = await spawnEngine(dataDir, 3000);
    const sm = clientFor(second.url);
    const afterRestart = await sm.send(new DescribeEndpointCommand({ EndpointName: "durable-ep" }));
    // Normally the restart is quicker than the transition; on a very slow machine it may not be.
    if (Date.now() - afterRestart.CreationTime!.getTime() < 2500) expect(afterRestart.EndpointStatus).toBe("Creating");
    await expectEverything(sm, second.url);
    // It settled at the due time persisted before the kill, not at some time after the restart.
    const settled = await sm.send(new DescribeEndpointCommand({ EndpointName: "durable-ep" }));
    expect(settled.LastModifiedTime!.getTime() - settled.CreationTime!.getTime()).toBe(3000);
  }, 40_000);

  it("shuts down cleanly on SIGTERM and SIGINT", async () => {
    const dataDir = makeDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    for (const signal of ["SIGINT", "SIGTERM", "SIGINT"] as const) {
      const engine = await spawnEngine(dataDir, 100);
      engine.child.kill(signal);
      expect(await exited(engine.child)).toEqual({ code: 0, signal: null });
      expect(engine.stderr()).toContain(`mme-engine: ${signal}, shutting down`);
    }
  }, 40_000);
});
