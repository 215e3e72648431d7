import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { putVersionDirectly, randomBytesOnnxPackage } from "@/test/support/bff/verification-packages";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let engine: BffTestEngine;

/** Runs the CLI as `npm run mme --` does (tsx, under the react-server condition), returning the exit status and both outputs. */
async function mme(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/mme.ts", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "cli" });
  await engine.createMmeEndpoint("cli", "s3://cli/models/");
  for (let i = 0; i < 100 && (await engine.sm.send(new DescribeEndpointCommand({ EndpointName: "cli" }))).EndpointStatus !== "InService"; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const put = (bytes: Uint8Array) => putVersionDirectly(engine.s3, { bucket: "cli", prefix: "models/", model: "add", bytes });
  await put(fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")));
  await put(randomBytesOnnxPackage("add"));
});
afterAll(async () => engine?.close());

describe("npm run mme -- verify", () => {
  it("exits 0 for a version that loads and answers, printing its load time, latency and output shapes", async () => {
    const r = await mme("verify", "--endpoint", "cli", "--model", "add", "--version", "1", "--endpoint-url", engine.url);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK {4}add verified v1: loaded in \d+(\.\d)? m?s, answered in \d+(\.\d)? m?s$/m);
    expect(r.stdout).toMatch(/^load time {6}\d+(\.\d)? m?s$/m);
    expect(r.stdout).toMatch(/^latency {8}\d+(\.\d)? m?s$/m);
    expect(r.stdout).toMatch(/^outputs {8}OUTPUT0 \[1, 4\]$/m);
  });

  it("exits 1 for the newest version (by default) when it fails, with the error as a sentence", async () => {
    const r = await mme("verify", "--endpoint", "cli", "--model", "add", "--endpoint-url", engine.url);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}add v2 failed verification: The model add\/v2\.tar\.gz could not be loaded: .+/m);
  });

  it.each([
    [["verify"]],
    [["verify", "--endpoint", "cli"]],
    [["verify", "--endpoint", "cli", "--model", "add", "--version", "zero"]],
    [["verify", "--endpoint", "cli", "--model", "add", "--colour"]],
  ])("exits 2 for the usage error %j", async (args) => {
    const r = await mme(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: npm run mme -- verify");
  });

  it("exits 2 when there is nothing to verify", async () => {
    const r = await mme("verify", "--endpoint", "cli", "--model", "missing", "--endpoint-url", engine.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot verify: Model "missing" does not exist on endpoint "cli"`);
  });
});
