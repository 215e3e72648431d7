import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI_VERSION, runAwsCli, SKIP_AWS_CLI } from "@/test/support/engine/aws-cli";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * CloudWatch driven by the real AWS CLI (botocore signs, serializes and parses). First as
 * installed, in whichever protocol its botocore picks from the model's `protocols` list
 * (botocore 1.43 ranks `json` above `smithy-rpc-v2-cbor`; other releases and SDKs pick CBOR);
 * then pinned to each protocol CloudWatch offers, by a copy of the CLI's own model whose
 * `protocols` names only that one (through AWS_DATA_PATH, which botocore searches before its
 * bundled models), so botocore's own code for every protocol meets the engine.
 * Outside CI these tests skip without `aws`; in CI they fail without it.
 */
type Pinned = "smithy-rpc-v2-cbor" | "json" | "query";
type Mode = "installed" | Pinned;

/** The CLI's CloudWatch model, the protocol it picks, and whether its botocore has RPC v2 CBOR (v1, or v2's bundled botocore). */
function cliModel(): { model: Record<string, unknown>; picks: string; cbor: boolean } {
  const script = [
    "import json",
    "try:\n  from botocore.loaders import Loader\n  from botocore.model import ServiceModel\n  from botocore.serialize import SERIALIZERS\n" +
      "except ImportError:\n  from awscli.botocore.loaders import Loader\n  from awscli.botocore.model import ServiceModel\n  from awscli.botocore.serialize import SERIALIZERS",
    "m = Loader().load_service_model('cloudwatch', 'service-2')",
    "s = ServiceModel(m, 'cloudwatch')",
    "picks = getattr(s, 'resolved_protocol', None) or s.protocol",
    "print(json.dumps({'model': m, 'picks': picks, 'cbor': 'smithy-rpc-v2-cbor' in SERIALIZERS}))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}

const cli = AWS_CLI_VERSION ? cliModel() : undefined;
if (cli && !cli.cbor) console.warn(`aws-cli-cloudwatch.test.ts: this CLI's botocore has no RPC v2 CBOR; its pinned run is skipped`);

/** What botocore's debug log shows of a request in each protocol: proof of what was spoken. */
const WIRE_MARK: Record<Pinned, RegExp> = {
  "smithy-rpc-v2-cbor": /'url_path': '\/service\/GraniteServiceVersion20100801\/operation\/PutMetricData'.*'smithy-protocol': 'rpc-v2-cbor'/,
  json: /'X-Amz-Target': 'GraniteServiceVersion20100801\.PutMetricData'/,
  query: /OperationModel\(name=PutMetricData\).*'Content-Type': 'application\/x-www-form-urlencoded/,
};

let engine: TestEngine;
const modelDirs: Partial<Record<Pinned, string>> = {};

beforeAll(async () => {
  if (!cli) return;
  engine = await startTestEngine();
  const metadata = cli.model.metadata as Record<string, unknown>;
  for (const protocol of Object.keys(WIRE_MARK) as Pinned[]) {
    const dir = mkdtempSync(join(tmpdir(), `mme-cw-model-${protocol}-`));
    mkdirSync(join(dir, "cloudwatch", "2010-08-01"), { recursive: true });
    writeFileSync(join(dir, "cloudwatch", "2010-08-01", "service-2.json"), JSON.stringify({ ...cli.model, metadata: { ...metadata, protocol, protocols: [protocol] } }));
    modelDirs[protocol] = dir;
  }
});
afterAll(async () => {
  await engine?.cleanup();
  for (const dir of Object.values(modelDirs)) rmSync(dir, { recursive: true, force: true });
});

function aws(mode: Mode, args: string[]) {
  return runAwsCli(engine.url, [...args, "--output", "json"], mode === "installed" ? {} : { AWS_DATA_PATH: modelDirs[mode]! });
}

/** Timestamps as the CLI prints them: ISO 8601 from query XML and CBOR, epoch seconds from JSON. */
const epochMs = (stamp: unknown) => (typeof stamp === "number" ? stamp * 1000 : Date.parse(stamp as string));

describe.skipIf(SKIP_AWS_CLI)(`AWS CLI CloudWatch (${AWS_CLI_VERSION ?? "not installed"})`, () => {
  it("is installed where CI requires it", () => {
    expect(AWS_CLI_VERSION, "CI runs the CLI tests: install it with `apt-get install -y awscli`").toBeDefined();
  });

  const base = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const window = ["--start-time", iso(base), "--end-time", iso(base + 60_000)];

  for (const mode of ["installed", "smithy-rpc-v2-cbor", "json", "query"] as const) {
    const ns = `MME/Cli-${mode}`;
    const picked = (mode === "installed" ? cli?.picks : mode) as Pinned;
    const skip = mode === "smithy-rpc-v2-cbor" && cli?.cbor === false;

    describe.skipIf(skip)(mode === "installed" ? `as installed (it speaks ${cli?.picks ?? "?"})` : `pinned to ${mode}`, () => {
      it("puts data, small and gzip-compressed, and reads exact statistics and percentiles", async () => {
        const first = await aws(mode, ["cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "EndpointName=ep", "--value", "3", "--unit", "Milliseconds", "--timestamp", iso(base + 1000), "--debug"]);
        expect(first.code, first.stderr.slice(-2000)).toBe(0);
        expect(first.stderr).toMatch(WIRE_MARK[picked]);
        const second = await aws(mode, ["cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "EndpointName=ep", "--value", "5", "--unit", "Milliseconds", "--timestamp", iso(base + 1000)]);
        expect(second.stderr).toBe("");
        expect(second.code).toBe(0);
        // 100 data of 100 values each: a body far over botocore's 10 KiB, which it gzips.
        const batch = Array.from({ length: 100 }, () => ({ MetricName: "Batch", Values: Array.from({ length: 100 }, (_, i) => i + 1), Timestamp: iso(base + 2000) }));
        const big = await aws(mode, ["cloudwatch", "put-metric-data", "--namespace", ns, "--metric-data", JSON.stringify(batch), "--debug"]);
        expect(big.code, big.stderr.slice(-2000)).toBe(0);
        expect(big.stderr).toContain("Compressing request with gzip encoding");

        const got = await aws(mode, ["cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "Name=EndpointName,Value=ep", ...window, "--period", "60", "--statistics", "Sum", "SampleCount", "Maximum", "Average"]);
        expect(got.stderr).toBe("");
        const out = JSON.parse(got.stdout) as { Label: string; Datapoints: Record<string, unknown>[] };
        expect(out.Label).toBe("Latency");
        expect(out.Datapoints).toHaveLength(1);
        expect(out.Datapoints[0]).toMatchObject({ SampleCount: 2, Sum: 8, Maximum: 5, Average: 4, Unit: "Milliseconds" });
        expect(epochMs(out.Datapoints[0]!.Timestamp)).toBe(base);

        const p = await aws(mode, ["cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "Name=EndpointName,Value=ep", ...window, "--period", "60", "--extended-statistics", "p50", "p100"]);
        expect((JSON.parse(p.stdout) as { Datapoints: { ExtendedStatistics: unknown }[] }).Datapoints[0]!.ExtendedStatistics).toEqual({ p50: 3, p100: 5 });

        // Sums and counts stay exact; 10,000 samples in one bucket leave the exact percentiles for the sketch.
        const b = await aws(mode, ["cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Batch", ...window, "--period", "60", "--statistics", "Sum", "SampleCount", "Minimum", "Maximum"]);
        expect((JSON.parse(b.stdout) as { Datapoints: unknown[] }).Datapoints).toEqual([expect.objectContaining({ Sum: 505000, SampleCount: 10000, Minimum: 1, Maximum: 100, Unit: "None" })]);
      }, 90_000);

      it("reads metric data and lists metrics", async () => {
        const queries = [
          { Id: "lat", MetricStat: { Metric: { Namespace: ns, MetricName: "Latency", Dimensions: [{ Name: "EndpointName", Value: "ep" }] }, Period: 60, Stat: "Sum" } },
          { Id: "batch", MetricStat: { Metric: { Namespace: ns, MetricName: "Batch" }, Period: 60, Stat: "SampleCount" }, Label: "Batch samples" },
        ];
        const data = await aws(mode, ["cloudwatch", "get-metric-data", "--metric-data-queries", JSON.stringify(queries), ...window]);
        expect(data.stderr).toBe("");
        const results = (JSON.parse(data.stdout) as { MetricDataResults: { Id: string; Label: string; Timestamps: unknown[]; Values: number[]; StatusCode: string }[] }).MetricDataResults;
        expect(results.map((r) => ({ ...r, Timestamps: r.Timestamps.map(epochMs) }))).toEqual([
          { Id: "lat", Label: "Latency", Timestamps: [base], Values: [8], StatusCode: "Complete" },
          { Id: "batch", Label: "Batch samples", Timestamps: [base], Values: [10000], StatusCode: "Complete" },
        ]);

        const listed = await aws(mode, ["cloudwatch", "list-metrics", "--namespace", ns]);
        expect(listed.stderr).toBe("");
        const metrics = (JSON.parse(listed.stdout) as { Metrics: { MetricName: string }[] }).Metrics;
        expect([...metrics].sort((a, b) => a.MetricName.localeCompare(b.MetricName))).toEqual([
          { Namespace: ns, MetricName: "Batch", Dimensions: [] },
          { Namespace: ns, MetricName: "Latency", Dimensions: [{ Name: "EndpointName", Value: "ep" }] },
        ]);
      }, 60_000);

      it("prints CloudWatch's error codes", async () => {
        const period = await aws(mode, ["cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Latency", ...window, "--period", "61", "--statistics", "Sum"]);
        expect(period.code).not.toBe(0);
        expect(period.stderr.trim()).toBe(
          "An error occurred (InvalidParameterValue) when calling the GetMetricStatistics operation: The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
        );
        const reserved = await aws(mode, ["cloudwatch", "put-metric-data", "--namespace", "AWS/SageMaker", "--metric-name", "x", "--value", "1"]);
        expect(reserved.code).not.toBe(0);
        expect(reserved.stderr.trim()).toBe(
          "An error occurred (InvalidParameterValue) when calling the PutMetricData operation: The value AWS/SageMaker for parameter Namespace is invalid.",
        );
      }, 60_000);
    });
  }
});
