import { gzipSync } from "node:zlib";
import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { SmithyRpcV2CborProtocol } from "@smithy/core/cbor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCbor } from "../../protocol/cbor-decode";
import { encodeCbor } from "../../protocol/cbor-encode";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * CloudWatch over Smithy RPC v2 CBOR: through the JS SDK's own RPC v2 CBOR protocol (the client
 * speaks awsJson1_0 unless told otherwise), and by hand for what no SDK sends.
 */
let engine: TestEngine;
let client: CloudWatchClient;
const wire: string[] = [];

beforeAll(async () => {
  engine = await startTestEngine();
  client = new CloudWatchClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, protocol: SmithyRpcV2CborProtocol as never });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path: string; headers: Record<string, string> };
      wire.push(`${request.path} ${request.headers["smithy-protocol"]} ${request.headers["content-type"]}`);
      return next(args);
    },
    { step: "finalizeRequest", name: "recordWire" },
  );
});
afterAll(async () => {
  client?.destroy();
  await engine?.cleanup();
});

const base = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;

/** A request signed as CloudWatch (`monitoring`) with a binary body. */
async function cborFetch(operation: string, body: Uint8Array, headers: Record<string, string> = {}, path = `/service/GraniteServiceVersion20100801/operation/${operation}`) {
  const res = await signedFetch(engine.url, {
    path,
    body,
    service: "monitoring",
    contentType: "application/cbor",
    headers: { "smithy-protocol": "rpc-v2-cbor", accept: "application/cbor", ...headers },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, body: bytes.length > 0 ? (decodeCbor(bytes) as Record<string, unknown>) : undefined };
}

describe("CloudWatch over RPC v2 CBOR, through the JS SDK's protocol", () => {
  it("puts, reads statistics and metric data, and lists metrics", async () => {
    const Dimensions = [{ Name: "EndpointName", Value: "ep" }];
    await client.send(new PutMetricDataCommand({ Namespace: "MME/Cbor", MetricData: [{ MetricName: "Latency", Dimensions, Values: [2, 4, 9], Counts: [1, 2, 1], Unit: "Milliseconds", Timestamp: new Date(base + 1500) }] }));
    const stats = await client.send(new GetMetricStatisticsCommand({ Namespace: "MME/Cbor", MetricName: "Latency", Dimensions, StartTime: new Date(base), EndTime: new Date(base + 60_000), Period: 60, Statistics: ["Sum", "SampleCount", "Average"] }));
    expect(stats.Datapoints).toEqual([{ Timestamp: new Date(base), Sum: 19, SampleCount: 4, Average: 4.75, Unit: "Milliseconds" }]);
    const pct = await client.send(new GetMetricStatisticsCommand({ Namespace: "MME/Cbor", MetricName: "Latency", Dimensions, StartTime: new Date(base), EndTime: new Date(base + 60_000), Period: 60, ExtendedStatistics: ["p50", "p75", "p100"] }));
    expect(pct.Datapoints?.[0]?.ExtendedStatistics).toEqual({ p50: 4, p75: 4, p100: 9 });

    const data = await client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "m", MetricStat: { Metric: { Namespace: "MME/Cbor", MetricName: "Latency", Dimensions }, Period: 60, Stat: "Maximum" } }],
      StartTime: new Date(base),
      EndTime: new Date(base + 60_000),
    }));
    expect(data.MetricDataResults).toEqual([{ Id: "m", Label: "Latency", Timestamps: [new Date(base)], Values: [9], StatusCode: "Complete" }]);
    const listed = await client.send(new ListMetricsCommand({ Namespace: "MME/Cbor" }));
    expect(listed.Metrics).toEqual([{ Namespace: "MME/Cbor", MetricName: "Latency", Dimensions }]);
    expect(wire).toContain("/service/GraniteServiceVersion20100801/operation/PutMetricData rpc-v2-cbor application/cbor");
  });

  it("raises CloudWatch's exceptions", async () => {
    const err = await expectAwsError(
      client.send(new GetMetricStatisticsCommand({ Namespace: "MME/Cbor", MetricName: "Latency", StartTime: new Date(base), EndTime: new Date(base + 60_000), Period: 61, Statistics: ["Sum"] })),
      "InvalidParameterValueException",
      "The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
    );
    expect(err.$fault).toBe("client");
  });
});

describe("CloudWatch over RPC v2 CBOR, by hand", () => {
  it("answers PutMetricData (no output) with no body and no content type, and keeps tag 1's milliseconds", async () => {
    const put = await cborFetch("PutMetricData", encodeCbor({ Namespace: "MME/Raw", MetricData: [{ MetricName: "M", Value: 7, Timestamp: new Date(base + 59_999) }] }));
    expect(put.res.status).toBe(200);
    expect(put.res.headers.get("smithy-protocol")).toBe("rpc-v2-cbor");
    expect(put.res.headers.get("content-type")).toBeNull();
    expect(put.bytes.length).toBe(0);

    // An indefinite-length map, half-float value and float timestamps, as other encoders may send.
    const query = Buffer.concat([
      Buffer.from([0xbf]),
      encodeCbor("Namespace"), encodeCbor("MME/Raw"), encodeCbor("MetricName"), encodeCbor("M"),
      encodeCbor("StartTime"), Buffer.from([0xc1, 0xfb]), f64((base + 59_999) / 1000),
      encodeCbor("EndTime"), Buffer.from([0xc1, 0xfb]), f64((base + 60_000) / 1000),
      encodeCbor("Period"), Buffer.from([0x01]),
      encodeCbor("Statistics"), Buffer.from([0x9f]), encodeCbor("Sum"), Buffer.from([0xff]),
      Buffer.from([0xff]),
    ]);
    const got = await cborFetch("GetMetricStatistics", query);
    expect(got.res.status).toBe(200);
    expect(got.res.headers.get("content-type")).toBe("application/cbor");
    expect(got.body).toEqual({ Label: "M", Datapoints: [{ Timestamp: new Date(base + 59_000), Sum: 7, Unit: "None" }] });
  });

  it("inflates a gzip body (CloudWatch's request compression)", async () => {
    const body = gzipSync(encodeCbor({ Namespace: "MME/Gzip", MetricData: [{ MetricName: "Z", Value: 1 }] }));
    expect((await cborFetch("PutMetricData", body, { "content-encoding": "gzip" })).res.status).toBe(200);
    const listed = await cborFetch("ListMetrics", encodeCbor({ Namespace: "MME/Gzip" }));
    expect(listed.body).toEqual({ Metrics: [{ Namespace: "MME/Gzip", MetricName: "Z", Dimensions: [] }] });
  });

  it("answers an empty body as an empty input", async () => {
    const got = await cborFetch("ListMetrics", new Uint8Array(0), { "content-type": "" });
    expect(got.res.status).toBe(200);
    expect(Array.isArray(got.body?.Metrics)).toBe(true);
  });

  const invalid = (message: string | RegExp) => ({ __type: "com.amazonaws.cloudwatch#InvalidParameterValueException", message: expect.stringMatching(message) });

  it.each([
    ["not CBOR at all", Buffer.from("{}"), /not valid CBOR: a length of 8 runs past the end/],
    ["nested 100,000 deep", Buffer.alloc(100_000, 0x81), /not valid CBOR: items nest deeper than 32/],
    ["a length beyond the body", Buffer.from("5a7fffffff", "hex"), /not valid CBOR: a length of 2147483647 runs past the end/],
    ["a tag other than 1", Buffer.from("a1694e616d657370616365c26161", "hex"), /not valid CBOR: tag 2 is not supported/],
    ["a string where a timestamp belongs", encodeCbor({ Namespace: "N", MetricName: "M", StartTime: "yesterday", EndTime: new Date(), Period: 60, Statistics: ["Sum"] }), /Expected a timestamp at 'startTime'/],
    ["a timestamp where a number belongs", encodeCbor({ Namespace: "N", MetricName: "M", StartTime: new Date(), EndTime: new Date(), Period: new Date(), Statistics: ["Sum"] }), /Expected a number at 'period'/],
    ["a byte string where a string belongs", encodeCbor({ Namespace: new Uint8Array([65]), MetricName: "M", StartTime: new Date(), EndTime: new Date(), Period: 60, Statistics: ["Sum"] }), /Expected a string at 'namespace'/],
  ])("refuses %s as InvalidParameterValue", async (_, body, message) => {
    const got = await cborFetch("GetMetricStatistics", body);
    expect(got.res.status).toBe(400);
    expect(got.res.headers.get("smithy-protocol")).toBe("rpc-v2-cbor");
    expect(got.res.headers.get("content-type")).toBe("application/cbor");
    expect(got.res.headers.get("x-amzn-query-error")).toBe("InvalidParameterValue;Sender");
    expect(got.body).toEqual(invalid(message));
  });

  it("refuses a request that also names an X-Amz-Target, as the protocol requires", async () => {
    const got = await cborFetch("ListMetrics", encodeCbor({}), { "x-amz-target": "GraniteServiceVersion20100801.PutMetricData" });
    expect(got.res.status).toBe(400);
    expect(got.body).toEqual(invalid(/must not carry X-Amz-Target/));
  });

  it("refuses a body that is not application/cbor with 415", async () => {
    const got = await cborFetch("ListMetrics", Buffer.from("{}"), { "content-type": "application/json" });
    expect(got.res.status).toBe(415);
    expect(got.body).toEqual({ __type: "com.amazon.coral.service#UnsupportedMediaTypeException", message: "An rpc-v2-cbor request body must be application/cbor, not application/json." });
  });

  it("answers an operation it does not serve, and accepts a path prefix and the absolute service name", async () => {
    const unknown = await cborFetch("PutMetricAlarm", encodeCbor({}));
    expect(unknown.res.status).toBe(400);
    expect(unknown.body).toEqual({ __type: "com.amazon.coral.service#UnknownOperationException", message: "The local engine does not serve the operation GraniteServiceVersion20100801.PutMetricAlarm." });
    const prefixed = await cborFetch("ListMetrics", encodeCbor({ Namespace: "MME/Raw" }), {}, "/v1/service/com.amazonaws.cloudwatch.GraniteServiceVersion20100801/operation/ListMetrics");
    expect(prefixed.body).toEqual({ Metrics: [{ Namespace: "MME/Raw", MetricName: "M", Dimensions: [] }] });
  });
});

function f64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return b;
}
