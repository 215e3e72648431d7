import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { MetricSink } from "../metrics/metric-sink";
import { makeDataDir, startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * The store writes a bucket once and then merges later values into it three ways: in memory for
 * the minute it wrote last, by reading the row back when an insert finds one (a second that
 * straddles two flushes, or the same minute after a restart). Each way must give exact figures.
 */
const dataDir = makeDataDir();
const engines: TestEngine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const MINUTE_START = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
const T0 = MINUTE_START + 10_000;
const KEY = { namespace: "MME/Flush", metricName: "Latency", dimensions: [{ name: "Model", value: "m" }], unit: "Milliseconds" } as const;

async function open(): Promise<{ sink: MetricSink; stats: (period: number, at: number) => Promise<Record<string, number | undefined>> }> {
  const engine = await startTestEngine({ dataDir });
  engines.push(engine);
  const cw = new CloudWatchClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  // CloudWatch takes Statistics or ExtendedStatistics in one call, not both.
  const get = (period: number, at: number, stat: { Statistics: ("Sum" | "SampleCount" | "Maximum")[] } | { ExtendedStatistics: string[] }) =>
    cw.send(
      new GetMetricStatisticsCommand({
        Namespace: KEY.namespace,
        MetricName: KEY.metricName,
        Dimensions: [{ Name: "Model", Value: "m" }],
        StartTime: new Date(at),
        EndTime: new Date(at + period * 1000),
        Period: period,
        ...stat,
      }),
    );
  const stats = async (period: number, at: number) => {
    const d = (await get(period, at, { Statistics: ["Sum", "SampleCount", "Maximum"] })).Datapoints?.[0];
    const p = (await get(period, at, { ExtendedStatistics: ["p50"] })).Datapoints?.[0];
    return { sum: d?.Sum, count: d?.SampleCount, max: d?.Maximum, p50: p?.ExtendedStatistics?.p50 };
  };
  return { sink: engine.metrics, stats };
}

describe("merging into buckets already written", () => {
  it("keeps minute and second figures exact across flushes and a restart", async () => {
    const first = await open();
    const series = first.sink.series(KEY);
    series.add(1, T0);
    series.add(2, T0);
    // Each read flushes first: the minute row is written here...
    expect(await first.stats(60, MINUTE_START)).toEqual({ sum: 3, count: 2, max: 2, p50: 1 });
    // ...then merged in memory with a later second of the same minute,
    series.add(3, T0 + 1000);
    expect(await first.stats(60, MINUTE_START)).toEqual({ sum: 6, count: 3, max: 3, p50: 2 });
    // and a second already written is read back and merged.
    series.add(4, T0);
    expect(await first.stats(1, T0)).toEqual({ sum: 7, count: 3, max: 4, p50: 2 });
    expect(await first.stats(60, MINUTE_START)).toEqual({ sum: 10, count: 4, max: 4, p50: 2 });

    await engines.pop()!.close();
    // After a restart the minute is in the file only: the insert finds it and merges.
    const second = await open();
    second.sink.series(KEY).add(5, T0 + 2000);
    expect(await second.stats(60, MINUTE_START)).toEqual({ sum: 15, count: 5, max: 5, p50: 3 });
    expect(await second.stats(1, T0)).toEqual({ sum: 7, count: 3, max: 4, p50: 2 });
  });
});
