import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { rmSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import { NAMESPACES } from "../metrics/metric-sink";
import { makeDataDir, startTestEngine, TEST_CREDENTIALS } from "@/test/support/engine/start-test-engine";

const dataDir = makeDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const BASE = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;
const DIMS = [{ name: "EndpointName", value: "ep" }, { name: "VariantName", value: "AllTraffic" }];

async function read(url: string, namespace: string, metric: string, dims: { Name: string; Value: string }[], unit: "Count" | "Milliseconds") {
  const cw = new CloudWatchClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  try {
    const out = await cw.send(
      new GetMetricStatisticsCommand({ Namespace: namespace, MetricName: metric, Dimensions: dims, StartTime: new Date(BASE), EndTime: new Date(BASE + 120_000), Period: 60, Statistics: ["SampleCount", "Sum", "Maximum"], Unit: unit }),
    );
    return out.Datapoints;
  } finally {
    cw.destroy();
  }
}

it("keeps what was put and what the sink recorded across a restart (close flushes)", async () => {
  const first = await startTestEngine({ dataDir });
  const cw = new CloudWatchClient({ endpoint: first.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await cw.send(new PutMetricDataCommand({ Namespace: "MME/Restart", MetricData: [{ MetricName: "Put", Values: [1, 2, 3], Timestamp: new Date(BASE), Unit: "Count" }] }));
  cw.destroy();
  // The runtime's path: a handle from the sink, values added in memory, never awaited.
  const latency = first.metrics.series({ namespace: NAMESPACES.invocations, metricName: "ModelLatency", dimensions: DIMS, unit: "Milliseconds" });
  for (const v of [5, 7, 9]) latency.add(v, BASE + 1000);
  first.metrics.series({ namespace: NAMESPACES.invocations, metricName: "ModelLatency", dimensions: [...DIMS].reverse(), unit: "Milliseconds" }).add(11, BASE + 61_000);
  latency.add(Number.NaN, BASE);

  const sinkDims = DIMS.map((d) => ({ Name: d.name, Value: d.value }));
  const before = {
    put: await read(first.url, "MME/Restart", "Put", [], "Count"),
    sink: await read(first.url, NAMESPACES.invocations, "ModelLatency", sinkDims, "Milliseconds"),
  };
  expect(before.put).toEqual([{ Timestamp: new Date(BASE), SampleCount: 3, Sum: 6, Maximum: 3, Unit: "Count" }]);
  expect(before.sink).toEqual([
    { Timestamp: new Date(BASE), SampleCount: 3, Sum: 21, Maximum: 9, Unit: "Milliseconds" },
    { Timestamp: new Date(BASE + 60_000), SampleCount: 1, Sum: 11, Maximum: 11, Unit: "Milliseconds" },
  ]);
  // Added after the last read (so still pending in memory) and kept by close()'s flush.
  latency.add(100, BASE + 2000);
  await first.close();

  const second = await startTestEngine({ dataDir });
  try {
    expect(await read(second.url, "MME/Restart", "Put", [], "Count")).toEqual(before.put);
    expect(await read(second.url, NAMESPACES.invocations, "ModelLatency", sinkDims, "Milliseconds")).toEqual([
      { Timestamp: new Date(BASE), SampleCount: 4, Sum: 121, Maximum: 100, Unit: "Milliseconds" },
      before.sink![1],
    ]);
  } finally {
    await second.close();
  }
});
