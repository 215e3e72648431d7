import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
  type MetricDatum,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let cw: CloudWatchClient;
/** An hour boundary 2 to 3 hours ago: inside the 3 h of 1 s data, so every period is aligned. */
const BASE = Math.floor((Date.now() - 2 * 3600_000) / 3600_000) * 3600_000;
const at = (seconds: number) => new Date(BASE + seconds * 1000);
const NS = "MME/Test";
const MODEL_A = [{ Name: "EndpointName", Value: "ep" }, { Name: "TargetModel", Value: "a.tar.gz" }];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  engine = await startTestEngine();
  cw = new CloudWatchClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  // 1..100, one a second from BASE, dimensions given in another order than they are read.
  const latency: MetricDatum[] = range(1, 100).map((v) => ({
    MetricName: "Latency",
    Dimensions: [...MODEL_A].reverse(),
    Value: v,
    Unit: "Milliseconds",
    Timestamp: at(v - 1),
  }));
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: latency }));
  // 1..1000 in one second, as Values (at most 150 per datum): more than a bucket keeps exactly.
  const many = range(1, 1000);
  const chunks: MetricDatum[] = [];
  for (let i = 0; i < many.length; i += 150) chunks.push({ MetricName: "Busy", Values: many.slice(i, i + 150), Timestamp: at(30), Unit: "Count" });
  await cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: chunks }));
  await cw.send(
    new PutMetricDataCommand({
      Namespace: NS,
      MetricData: [
        { MetricName: "Weighted", Values: [10, 20], Counts: [3, 1], Timestamp: at(0) },
        { MetricName: "Sets", StatisticValues: { SampleCount: 4, Sum: 40, Minimum: 5, Maximum: 15 }, Timestamp: at(0) },
        { MetricName: "Latency", Dimensions: [{ Name: "EndpointName", Value: "ep" }, { Name: "TargetModel", Value: "b.tar.gz" }], Value: 7, Timestamp: at(0), Unit: "Milliseconds" },
        { MetricName: "Latency", Dimensions: [{ Name: "EndpointName", Value: "other" }], Value: 1, Timestamp: at(0), Unit: "Milliseconds" },
      ],
    }),
  );
});
afterAll(async () => {
  cw?.destroy();
  await engine?.cleanup();
});

const stats = (period: number, extra: { Statistics?: ("SampleCount" | "Sum" | "Average" | "Minimum" | "Maximum")[]; ExtendedStatistics?: string[] }, metric = "Latency", dims = MODEL_A, seconds = 3600) =>
  cw.send(new GetMetricStatisticsCommand({ Namespace: NS, MetricName: metric, Dimensions: dims, StartTime: at(0), EndTime: at(seconds), Period: period, ...extra }));

describe("GetMetricStatistics", () => {
  it("gives exact standard statistics over an hour, a minute and 10 seconds", async () => {
    const hour = await stats(3600, { Statistics: ["SampleCount", "Sum", "Average", "Minimum", "Maximum"] });
    expect(hour.Label).toBe("Latency");
    expect(hour.Datapoints).toEqual([{ Timestamp: at(0), SampleCount: 100, Sum: 5050, Average: 50.5, Minimum: 1, Maximum: 100, Unit: "Milliseconds" }]);

    const minutes = await stats(60, { Statistics: ["SampleCount", "Sum", "Minimum", "Maximum"] }, "Latency", MODEL_A, 600);
    expect(minutes.Datapoints).toEqual([
      { Timestamp: at(0), SampleCount: 60, Sum: 1830, Minimum: 1, Maximum: 60, Unit: "Milliseconds" },
      { Timestamp: at(60), SampleCount: 40, Sum: 3220, Minimum: 61, Maximum: 100, Unit: "Milliseconds" },
    ]);

    const tens = await stats(10, { Statistics: ["Sum"] }, "Latency", MODEL_A, 100);
    expect(tens.Datapoints!.map((d) => [(d.Timestamp!.getTime() - BASE) / 1000, d.Sum])).toEqual(range(0, 9).map((i) => [i * 10, 55 + i * 100]));
  });

  it("gives exact percentiles while every value is kept", async () => {
    const hour = await stats(3600, { ExtendedStatistics: ["p0", "p50", "p90", "p99", "p99.5", "p100"] });
    expect(hour.Datapoints![0]!.ExtendedStatistics).toEqual({ p0: 1, p50: 50, p90: 90, p99: 99, "p99.5": 100, p100: 100 });
    const minutes = await stats(60, { ExtendedStatistics: ["p50", "p90", "p99"] }, "Latency", MODEL_A, 120);
    expect(minutes.Datapoints!.map((d) => d.ExtendedStatistics)).toEqual([
      { p50: 30, p90: 54, p99: 60 },
      { p50: 80, p90: 96, p99: 100 },
    ]);
  });

  it("gives sketch percentiles within 1% past the exact limit, with exact sums", async () => {
    const busy = await stats(60, { Statistics: ["SampleCount", "Sum", "Maximum"] }, "Busy", [], 60);
    expect(busy.Datapoints).toEqual([{ Timestamp: at(0), SampleCount: 1000, Sum: 500500, Maximum: 1000, Unit: "Count" }]);
    const p = (await stats(60, { ExtendedStatistics: ["p50", "p90", "p99", "p100"] }, "Busy", [], 60)).Datapoints![0]!.ExtendedStatistics!;
    for (const [name, exact] of [["p50", 500], ["p90", 900], ["p99", 990]] as const) expect(Math.abs(p[name]! - exact) / exact).toBeLessThanOrEqual(0.01);
    expect(p.p100).toBe(1000);
  });

  it("weights Values by Counts, and keeps statistic sets without percentiles", async () => {
    const weighted = await stats(60, { Statistics: ["SampleCount", "Sum", "Average"] }, "Weighted", [], 60);
    expect(weighted.Datapoints).toEqual([{ Timestamp: at(0), SampleCount: 4, Sum: 50, Average: 12.5, Unit: "None" }]);
    expect((await stats(60, { ExtendedStatistics: ["p75", "p76"] }, "Weighted", [], 60)).Datapoints![0]!.ExtendedStatistics).toEqual({ p75: 10, p76: 20 });
    const sets = await stats(60, { Statistics: ["SampleCount", "Sum", "Minimum", "Maximum"] }, "Sets", [], 60);
    expect(sets.Datapoints).toEqual([{ Timestamp: at(0), SampleCount: 4, Sum: 40, Minimum: 5, Maximum: 15, Unit: "None" }]);
    expect((await stats(60, { ExtendedStatistics: ["p50"] }, "Sets", [], 60)).Datapoints![0]!.ExtendedStatistics).toEqual({});
  });

  it("matches the exact dimension set and filters by unit", async () => {
    expect((await stats(3600, { Statistics: ["SampleCount"] }, "Latency", [MODEL_A[0]!])).Datapoints).toEqual([]);
    expect((await cw.send(new GetMetricStatisticsCommand({ Namespace: NS, MetricName: "Latency", Dimensions: MODEL_A, StartTime: at(0), EndTime: at(60), Period: 60, Statistics: ["Sum"], Unit: "Seconds" }))).Datapoints).toEqual([]);
  });

  it("refuses what CloudWatch refuses", async () => {
    await expectAwsError(stats(61, { Statistics: ["Sum"] }), "InvalidParameterValueException", "The parameter Period must be 1, 5, 10, 30, or a multiple of 60.");
    await expectAwsError(
      stats(1, { Statistics: ["Sum"] }, "Latency", MODEL_A, 1441),
      "InvalidParameterCombinationException",
      "You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
    );
    await expectAwsError(stats(60, { Statistics: ["Sum"], ExtendedStatistics: ["p50"] }), "InvalidParameterCombinationException", /either Statistics or ExtendedStatistics/);
    await expectAwsError(stats(60, { ExtendedStatistics: ["p101"] }), "InvalidParameterValueException", "The value p101 for parameter ExtendedStatistics.member.1 is invalid.");
    await expectAwsError(
      cw.send(new GetMetricStatisticsCommand({ Namespace: NS, MetricName: "Latency", StartTime: at(60), EndTime: at(0), Period: 60, Statistics: ["Sum"] })),
      "InvalidParameterValueException",
      "The parameter StartTime must be less than the parameter EndTime.",
    );
    await expectAwsError(
      cw.send(new GetMetricStatisticsCommand({ MetricName: "Latency", StartTime: at(0), EndTime: at(60), Period: 60, Statistics: ["Sum"] } as never)),
      "MissingRequiredParameterException",
      "The parameter Namespace is required.",
    );
  });
});

describe("PutMetricData", () => {
  it("refuses reserved namespaces, conflicting members and oversized lists", async () => {
    const put = (data: MetricDatum[], ns = NS) => cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData: data }));
    await expectAwsError(put([{ MetricName: "x", Value: 1 }], "AWS/SageMaker"), "InvalidParameterValueException", "The value AWS/SageMaker for parameter Namespace is invalid.");
    await expectAwsError(
      put([{ MetricName: "x", Value: 1, Values: [1] }]),
      "InvalidParameterCombinationException",
      "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
    );
    await expectAwsError(put([{ MetricName: "x", Values: range(1, 151) }]), "InvalidParameterValueException", "The collection MetricData.member.1.Values must not have a size greater than 150.");
    await expectAwsError(put(range(1, 1001).map(() => ({ MetricName: "x", Value: 1 }))), "InvalidParameterValueException", "The collection MetricData must not have a size greater than 1000.");
    await expectAwsError(put([{ MetricName: "x", Value: 1, Unit: "Furlongs" as never }]), "ValidationException", /Member must satisfy enum value set/);
    await expectAwsError(put([{ Value: 1 } as MetricDatum]), "MissingRequiredParameterException", "The parameter MetricData.member.1.MetricName is required.");
    // Nothing of a refused request is kept.
    expect((await cw.send(new ListMetricsCommand({ Namespace: NS, MetricName: "x" }))).Metrics).toEqual([]);
  });
});

describe("GetMetricData", () => {
  const query = (id: string, stat: string, period = 60, dims = MODEL_A) => ({ Id: id, MetricStat: { Metric: { Namespace: NS, MetricName: "Latency", Dimensions: dims }, Period: period, Stat: stat } });

  it("answers several statistics, newest first by default, oldest first on request", async () => {
    const out = await cw.send(
      new GetMetricDataCommand({ StartTime: at(0), EndTime: at(120), MetricDataQueries: [query("sum", "Sum"), query("p90", "p90"), { ...query("n", "SampleCount"), Label: "count" }, { ...query("hidden", "Maximum"), ReturnData: false }] }),
    );
    expect(out.NextToken).toBeUndefined();
    expect(out.MetricDataResults).toEqual([
      { Id: "sum", Label: "Latency", Timestamps: [at(60), at(0)], Values: [3220, 1830], StatusCode: "Complete" },
      { Id: "p90", Label: "Latency", Timestamps: [at(60), at(0)], Values: [96, 54], StatusCode: "Complete" },
      { Id: "n", Label: "count", Timestamps: [at(60), at(0)], Values: [40, 60], StatusCode: "Complete" },
    ]);
    const ascending = await cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(120), ScanBy: "TimestampAscending", MetricDataQueries: [query("avg", "Average", 5)] }));
    expect(ascending.MetricDataResults![0]!.Values!.slice(0, 3)).toEqual([3, 8, 13]);
    expect(ascending.MetricDataResults![0]!.Timestamps!.length).toBe(20);
  });

  it("pages by MaxDatapoints across queries with NextToken", async () => {
    const request = { StartTime: at(0), EndTime: at(120), MetricDataQueries: [query("a", "Sum"), query("b", "Maximum")], MaxDatapoints: 3 };
    const first = await cw.send(new GetMetricDataCommand(request));
    expect(first.MetricDataResults!.map((r) => [r.Id, r.Values, r.StatusCode])).toEqual([
      ["a", [3220, 1830], "Complete"],
      ["b", [100], "PartialData"],
    ]);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await cw.send(new GetMetricDataCommand({ ...request, NextToken: first.NextToken }));
    expect(second.MetricDataResults!.map((r) => [r.Id, r.Values, r.StatusCode])).toEqual([
      ["a", [], "Complete"],
      ["b", [60], "Complete"],
    ]);
    expect(second.NextToken).toBeUndefined();
    await expectAwsError(cw.send(new GetMetricDataCommand({ ...request, EndTime: at(180), NextToken: first.NextToken })), "InvalidNextToken", /NextToken/);
    await expectAwsError(cw.send(new GetMetricDataCommand({ ...request, NextToken: "garbage" })), "InvalidNextToken", /NextToken/);
  });

  it("says plainly that metric math is not evaluated", async () => {
    await expectAwsError(
      cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(60), MetricDataQueries: [query("m1", "Sum"), { Id: "e1", Expression: "m1 * 2" }] })),
      "InvalidParameterValueException",
      /does not evaluate metric math/,
    );
    await expectAwsError(cw.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(60), MetricDataQueries: [query("m1", "p200")] })), "InvalidParameterValueException", /p200/);
  });
});

describe("ListMetrics", () => {
  const names = (out: { Metrics?: { MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] }[] }) =>
    out.Metrics!.map((m) => `${m.MetricName}:${m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(",")}`);

  it("filters by namespace, name and dimensions (with or without a value)", async () => {
    expect(names(await cw.send(new ListMetricsCommand({ Namespace: NS, MetricName: "Latency" })))).toEqual([
      "Latency:EndpointName=ep,TargetModel=a.tar.gz",
      "Latency:EndpointName=ep,TargetModel=b.tar.gz",
      "Latency:EndpointName=other",
    ]);
    expect(names(await cw.send(new ListMetricsCommand({ Namespace: NS, Dimensions: [{ Name: "TargetModel" }] })))).toEqual([
      "Latency:EndpointName=ep,TargetModel=a.tar.gz",
      "Latency:EndpointName=ep,TargetModel=b.tar.gz",
    ]);
    expect(names(await cw.send(new ListMetricsCommand({ Namespace: NS, Dimensions: [{ Name: "TargetModel", Value: "b.tar.gz" }] })))).toEqual([
      "Latency:EndpointName=ep,TargetModel=b.tar.gz",
    ]);
    expect(names(await cw.send(new ListMetricsCommand({ Namespace: NS })))).toHaveLength(6);
    // The data was put 2 to 3 hours ago, so all of it is recently active.
    expect(names(await cw.send(new ListMetricsCommand({ Namespace: NS, RecentlyActive: "PT3H" })))).toHaveLength(6);
    expect((await cw.send(new ListMetricsCommand({ Namespace: "Nothing/Here" }))).Metrics).toEqual([]);
  });

  it("pages 500 metrics at a time", async () => {
    const ns = "MME/Many";
    for (let i = 0; i < 2; i++) {
      await cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData: range(1, 300).map((n) => ({ MetricName: `m${i * 300 + n}`, Value: 1 })) }));
    }
    const first = await cw.send(new ListMetricsCommand({ Namespace: ns }));
    expect(first.Metrics).toHaveLength(500);
    const second = await cw.send(new ListMetricsCommand({ Namespace: ns, NextToken: first.NextToken }));
    expect(second.Metrics).toHaveLength(100);
    expect(second.NextToken).toBeUndefined();
    expect(new Set([...first.Metrics!, ...second.Metrics!].map((m) => m.MetricName)).size).toBe(600);
    await expectAwsError(cw.send(new ListMetricsCommand({ Namespace: "Other", NextToken: first.NextToken })), "InvalidNextToken", /NextToken/);
  });
});

describe("where periods start", () => {
  it("starts at StartTime rounded down to the minute, as CloudWatch does: a period as long as the query is exactly [StartTime, +Period)", async () => {
    // Minute 31 of an hour: an epoch-aligned hour bucket would start 31 minutes earlier and take in the first datum.
    const start = at(31 * 60 + 12);
    await cw.send(
      new PutMetricDataCommand({
        Namespace: NS,
        MetricData: [
          { MetricName: "Origin", Value: 1, Unit: "Count", Timestamp: at(30 * 60) }, // before StartTime
          { MetricName: "Origin", Value: 10, Unit: "Count", Timestamp: at(31 * 60 + 5) }, // in StartTime's minute
          { MetricName: "Origin", Value: 100, Unit: "Count", Timestamp: at(90 * 60) }, // an hour after minute 31
        ],
      }),
    );
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date(start.getTime() + 3600_000),
        MetricDataQueries: [{ Id: "o", MetricStat: { Metric: { Namespace: NS, MetricName: "Origin" }, Period: 3600, Stat: "Sum" } }],
      }),
    );
    const result = out.MetricDataResults![0]!;
    expect(result.Timestamps!.map((t) => t.getTime())).toEqual([at(31 * 60).getTime()]);
    expect(result.Values).toEqual([110]);
  });
});
