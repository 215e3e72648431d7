import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_CONFIG, type TestEngine } from "../testing/start-test-engine";

/**
 * CloudWatch driven by the real AWS CLI (botocore signs, serializes and parses). Current
 * botocore speaks CloudWatch over Smithy RPC v2 CBOR, which the engine does not serve; the
 * CLI's own service model is rewritten (through AWS_DATA_PATH, which botocore searches before
 * its bundled models) to the `query` protocol older CLIs and boto3 use, and to `json` (what the
 * JS SDK speaks), so both protocols are exercised by botocore's real code.
 * As in aws-cli.test.ts these tests skip without `aws`, except in CI (CI set), where they fail.
 */
function awsCliVersion(): string | undefined {
  try {
    return execFileSync("aws", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return undefined;
  }
}
const version = awsCliVersion();
if (!version) console.warn("aws-cli-cloudwatch.test.ts: skipped, the AWS CLI (`aws`) is not installed");
const required = Boolean(process.env.CI);

/** The CLI's CloudWatch model as JSON, from whichever botocore the machine has (v1, or v2's bundled one). */
function cloudWatchModel(): Record<string, unknown> {
  const script = [
    "import json",
    "try:\n  from botocore.loaders import Loader\nexcept ImportError:\n  from awscli.botocore.loaders import Loader",
    "print(json.dumps(Loader().load_service_model('cloudwatch', 'service-2')))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as Record<string, unknown>;
}

let engine: TestEngine;
let modelDirs: Record<"query" | "json", string>;

beforeAll(async () => {
  if (!version) return;
  engine = await startTestEngine();
  const model = cloudWatchModel();
  const metadata = model.metadata as Record<string, unknown>;
  modelDirs = { query: "", json: "" };
  for (const protocol of ["query", "json"] as const) {
    const dir = mkdtempSync(join(tmpdir(), `mme-cw-model-${protocol}-`));
    mkdirSync(join(dir, "cloudwatch", "2010-08-01"), { recursive: true });
    writeFileSync(join(dir, "cloudwatch", "2010-08-01", "service-2.json"), JSON.stringify({ ...model, metadata: { ...metadata, protocol, protocols: [protocol] } }));
    modelDirs[protocol] = dir;
  }
});
afterAll(async () => {
  await engine?.cleanup();
  for (const dir of Object.values(modelDirs ?? {})) if (dir) rmSync(dir, { recursive: true, force: true });
});

function aws(protocol: "query" | "json", args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "aws",
      [...args, "--endpoint-url", engine.url, "--region", TEST_CONFIG.region, "--output", "json"],
      {
        // A clean environment: no profile or credentials of the machine's own AWS setup leak in.
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          AWS_ACCESS_KEY_ID: TEST_CONFIG.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CONFIG.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_PAGER: "",
          AWS_DATA_PATH: modelDirs[protocol],
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!version && !required)(`AWS CLI CloudWatch (${version ?? "not installed"})`, () => {
  it("is installed where CI requires it", () => {
    expect(version, "CI runs the CLI tests: install it with `apt-get install -y awscli`").toBeDefined();
  });

  const base = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  for (const protocol of ["query", "json"] as const) {
    it(`puts and reads statistics over the ${protocol} protocol`, async () => {
      const ns = `MME/Cli-${protocol}`;
      for (const value of ["3", "5"]) {
        const put = await aws(protocol, ["cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "EndpointName=ep", "--value", value, "--unit", "Milliseconds", "--timestamp", iso(base + 1000)]);
        expect(put.stderr).toBe("");
        expect(put.code).toBe(0);
      }
      const got = await aws(protocol, [
        "cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "Name=EndpointName,Value=ep",
        "--start-time", iso(base), "--end-time", iso(base + 60_000), "--period", "60", "--statistics", "Sum", "SampleCount", "Maximum",
      ]);
      expect(got.stderr).toBe("");
      const out = JSON.parse(got.stdout) as { Label: string; Datapoints: Record<string, unknown>[] };
      expect(out.Label).toBe("Latency");
      expect(out.Datapoints).toHaveLength(1);
      expect(out.Datapoints[0]).toMatchObject({ SampleCount: 2, Sum: 8, Maximum: 5, Unit: "Milliseconds" });
      // The CLI prints what it parsed: ISO 8601 from the query XML, epoch seconds from JSON.
      const stamp = out.Datapoints[0]!.Timestamp;
      expect(protocol === "json" ? (stamp as number) * 1000 : new Date(stamp as string).getTime()).toBe(base);

      const p = await aws(protocol, [
        "cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Latency", "--dimensions", "Name=EndpointName,Value=ep",
        "--start-time", iso(base), "--end-time", iso(base + 60_000), "--period", "60", "--extended-statistics", "p50", "p100",
      ]);
      expect((JSON.parse(p.stdout) as { Datapoints: { ExtendedStatistics: unknown }[] }).Datapoints[0]!.ExtendedStatistics).toEqual({ p50: 3, p100: 5 });
    }, 60_000);

    it(`prints CloudWatch's error codes over the ${protocol} protocol`, async () => {
      const bad = await aws(protocol, ["cloudwatch", "put-metric-data", "--namespace", "AWS/SageMaker", "--metric-name", "x", "--value", "1"]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr.trim()).toBe(
        "An error occurred (InvalidParameterValue) when calling the PutMetricData operation: The value AWS/SageMaker for parameter Namespace is invalid.",
      );
    }, 60_000);
  }
});
