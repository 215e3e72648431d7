import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

/** CloudWatch's awsQuery protocol as older CLIs and boto3 send it: a signed form POST to `/`. */
let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.cleanup();
});

async function query(params: Record<string, string>): Promise<{ status: number; contentType: string | null; xml: string }> {
  const body = new URLSearchParams({ Version: "2010-08-01", ...params }).toString();
  const res = await signedFetch(engine.url, { body, service: "monitoring", contentType: "application/x-www-form-urlencoded; charset=utf-8" });
  return { status: res.status, contentType: res.headers.get("content-type"), xml: await res.text() };
}

const BASE = Math.floor((Date.now() - 2 * 3600_000) / 3600_000) * 3600_000;
const iso = (seconds: number) => new Date(BASE + seconds * 1000).toISOString();
const XMLNS = 'xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"';
const REQUEST_ID = "<ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata>";

describe("awsQuery", () => {
  it("puts data with member lists and answers GetMetricStatistics in CloudWatch's XML", async () => {
    const put = await query({
      Action: "PutMetricData",
      Namespace: "MME/Query",
      "MetricData.member.1.MetricName": "Latency",
      "MetricData.member.1.Dimensions.member.1.Name": "TargetModel",
      "MetricData.member.1.Dimensions.member.1.Value": "a&b.tar.gz",
      "MetricData.member.1.Values.member.1": "2",
      "MetricData.member.1.Values.member.2": "4",
      "MetricData.member.1.Counts.member.1": "1",
      "MetricData.member.1.Counts.member.2": "3",
      "MetricData.member.1.Unit": "Milliseconds",
      "MetricData.member.1.Timestamp": iso(5),
      "MetricData.member.2.MetricName": "Latency",
      "MetricData.member.2.Dimensions.member.1.Name": "TargetModel",
      "MetricData.member.2.Dimensions.member.1.Value": "a&b.tar.gz",
      "MetricData.member.2.Value": "10",
      "MetricData.member.2.Unit": "Milliseconds",
      "MetricData.member.2.Timestamp": iso(70),
    });
    expect(put.status).toBe(200);
    expect(put.contentType).toBe("text/xml");
    expect(put.xml).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<PutMetricDataResponse ${XMLNS}>${REQUEST_ID}</PutMetricDataResponse>$`));

    const got = await query({
      Action: "GetMetricStatistics",
      Namespace: "MME/Query",
      MetricName: "Latency",
      "Dimensions.member.1.Name": "TargetModel",
      "Dimensions.member.1.Value": "a&b.tar.gz",
      StartTime: iso(0),
      EndTime: iso(120),
      Period: "60",
      "Statistics.member.1": "Sum",
      "Statistics.member.2": "SampleCount",
    });
    expect(got.status).toBe(200);
    expect(got.xml).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<GetMetricStatisticsResponse ${XMLNS}><GetMetricStatisticsResult><Label>Latency</Label><Datapoints>` +
          `<member><Timestamp>${iso(0)}</Timestamp><SampleCount>4</SampleCount><Sum>14</Sum><Unit>Milliseconds</Unit></member>` +
          `<member><Timestamp>${iso(60)}</Timestamp><SampleCount>1</SampleCount><Sum>10</Sum><Unit>Milliseconds</Unit></member>` +
          `</Datapoints></GetMetricStatisticsResult>${REQUEST_ID}</GetMetricStatisticsResponse>$`.replace(/\./g, "\\."),
      ),
    );

    const pct = await query({ Action: "GetMetricStatistics", Namespace: "MME/Query", MetricName: "Latency", "Dimensions.member.1.Name": "TargetModel", "Dimensions.member.1.Value": "a&b.tar.gz", StartTime: iso(0), EndTime: iso(60), Period: "60", "ExtendedStatistics.member.1": "p25", "ExtendedStatistics.member.2": "p50" });
    expect(pct.xml).toContain("<ExtendedStatistics><entry><key>p25</key><value>2</value></entry><entry><key>p50</key><value>4</value></entry></ExtendedStatistics>");

    const listed = await query({ Action: "ListMetrics", Namespace: "MME/Query" });
    expect(listed.xml).toContain(
      "<ListMetricsResult><Metrics><member><Namespace>MME/Query</Namespace><MetricName>Latency</MetricName><Dimensions><member><Name>TargetModel</Name><Value>a&amp;b.tar.gz</Value></member></Dimensions></member></Metrics></ListMetricsResult>",
    );

    const data = await query({
      Action: "GetMetricData",
      StartTime: iso(0),
      EndTime: iso(120),
      ScanBy: "TimestampAscending",
      "MetricDataQueries.member.1.Id": "m1",
      "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "MME/Query",
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "Latency",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "TargetModel",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": "a&b.tar.gz",
      "MetricDataQueries.member.1.MetricStat.Period": "60",
      "MetricDataQueries.member.1.MetricStat.Stat": "Maximum",
    });
    expect(data.xml).toContain(
      `<MetricDataResults><member><Id>m1</Id><Label>Latency</Label><Timestamps><member>${iso(0)}</member><member>${iso(60)}</member></Timestamps><Values><member>4</member><member>10</member></Values><StatusCode>Complete</StatusCode></member></MetricDataResults>`,
    );
  });

  it("answers errors as <ErrorResponse> with CloudWatch's query codes", async () => {
    const missing = await query({ Action: "GetMetricStatistics", MetricName: "x", StartTime: iso(0), EndTime: iso(60), Period: "60", "Statistics.member.1": "Sum" });
    expect(missing.status).toBe(400);
    expect(missing.contentType).toBe("text/xml");
    expect(missing.xml).toMatch(
      new RegExp(`^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<ErrorResponse ${XMLNS.replace(/\./g, "\\.")}><Error><Type>Sender</Type><Code>MissingParameter</Code><Message>The parameter Namespace is required\\.</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`),
    );
    const both = await query({ Action: "PutMetricData", Namespace: "N", "MetricData.member.1.MetricName": "x", "MetricData.member.1.Value": "1", "MetricData.member.1.Values.member.1": "1" });
    expect(both.xml).toContain("<Code>InvalidParameterCombination</Code>");
    const badUnit = await query({ Action: "PutMetricData", Namespace: "N", "MetricData.member.1.MetricName": "x", "MetricData.member.1.Value": "1", "MetricData.member.1.Unit": "Furlongs" });
    expect(badUnit.xml).toContain("<Code>ValidationError</Code>");
    const badNumber = await query({ Action: "GetMetricStatistics", Namespace: "N", MetricName: "x", StartTime: iso(0), EndTime: iso(60), Period: "soon", "Statistics.member.1": "Sum" });
    expect(badNumber.xml).toContain("<Code>InvalidParameterValue</Code>");
    const action = await query({ Action: "DescribeAlarmsForWidgets" });
    expect(action.xml).toContain("<Code>InvalidAction</Code><Message>The action DescribeAlarmsForWidgets is not valid for this web service.</Message>");
  });
});
