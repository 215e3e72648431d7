import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildTarGz } from "@/test/support/triton/build-tar";
import { STUB_ONNX } from "@/test/support/triton/model-file-stubs";
import { seededRandom } from "@/test/support/triton/seeded-random";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A one-model ONNX package whose output is declared with `outputType` as data_type, written to a temporary file. */
function packageWithOutputType(outputType: string): string {
  const config = `name: "m"\nplatform: "onnxruntime_onnx"\ninput { name: "x" data_type: TYPE_FP32 dims: [ 4 ] }\noutput { name: "y" data_type: ${outputType} dims: [ 4 ] }\n`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mme-cli-")), "m.tar.gz");
  fs.writeFileSync(file, buildTarGz([{ name: "m/config.pbtxt", data: config }, { name: "m/1/model.onnx", data: STUB_ONNX }]));
  return file;
}

/** Runs the CLI as `npm run mme --` does (tsx), returning the exit status and both outputs. */
async function mme(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/mme.ts", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("npm run mme -- validate", () => {
  it("exits 0 on a valid package and prints its signature, versions and sizes", async () => {
    const r = await mme("validate", "fixtures/models/onnx-add.tar.gz");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("OK    fixtures/models/onnx-add.tar.gz: Triton would load this package");
    expect(r.stdout).toMatch(/model\s+onnx-add/);
    expect(r.stdout).toMatch(/platform onnxruntime_onnx, backend onnxruntime \(framework onnx\)/);
    expect(r.stdout).toMatch(/input\s+INPUT0\s+TYPE_FP32\s+\[-1, 4\]/);
    expect(r.stdout).toMatch(/output\s+OUTPUT0\s+TYPE_FP32\s+\[-1, 4\]/);
    expect(r.stdout).toMatch(/version 1\s+157 B\s+model\.onnx/);
    expect(r.stdout).toMatch(/558 B unpacked, 484 B compressed, 4 entries/);
  });

  it("exits 1 on a broken package and prints each error with its entry", async () => {
    const r = await mme("validate", "fixtures/models/broken/config-syntax.tar.gz");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL  fixtures/models/broken/config-syntax.tar.gz");
    expect(r.stdout).toContain(`✗ [config_syntax] config-syntax/config.pbtxt:7:57: expected "," or "]" in a list, found "}"`);
  });

  it("exits 1 on a hostile package, naming the entry", async () => {
    const r = await mme("validate", "fixtures/models/hostile/symlink.tar.gz");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[link_entry] evil/1/link is a symbolic link");
  });

  it("exits 1 on a package whose model.onnx is random bytes, naming the file", async () => {
    const config = `name: "m"\nplatform: "onnxruntime_onnx"\ninput { name: "x" data_type: TYPE_FP32 dims: [ 4 ] }\noutput { name: "y" data_type: TYPE_FP32 dims: [ 4 ] }\n`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mme-cli-")), "m.tar.gz");
    fs.writeFileSync(file, buildTarGz([{ name: "m/config.pbtxt", data: config }, { name: "m/1/model.onnx", data: seededRandom(3).bytes(1024) }]));
    const r = await mme("validate", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL  ${file}: Triton would not load this package`);
    expect(r.stdout).toMatch(/✗ \[bad_model_file\] m\/1\/model\.onnx is not an ONNX model \(a ModelProto protobuf, onnx\.proto\): /);
  });

  // It crashed with "TypeError: t.dataType.padEnd is not a function" and exit 2: a refused field's
  // value was push()'s count of issues (1), not undefined.
  it.each([["TYPE_FLOAT99"], ["99"], [`"TYPE_FP32"`]])("exits 1 on an output whose data_type is %s, naming the field, and shows the type as written", async (written) => {
    const file = packageWithOutputType(written);
    const r = await mme("validate", file);
    expect(r.stderr).not.toContain("TypeError");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL  ${file}: Triton would not load this package`);
    expect(r.stdout).toMatch(/✗ \[config_invalid\] m\/config\.pbtxt:4:31: .*"data_type"/);
    expect(r.stdout).toContain(`output y  ${written} (unknown)`);
  });

  it("keeps a refused data_type out of the JSON report's type: TYPE_INVALID, with the text as written beside it", async () => {
    const r = await mme("validate", "--json", packageWithOutputType("TYPE_FLOAT99"));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.outputs).toEqual([{ name: "y", dataType: "TYPE_INVALID", unknownDataType: "TYPE_FLOAT99", dims: [4] }]);
    expect(report.inputs).toEqual([{ name: "x", dataType: "TYPE_FP32", dims: [4] }]);
  });

  it("prints the report as JSON with --json", async () => {
    const r = await mme("validate", "--json", "fixtures/models/xgboost-binary.tar.gz");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, modelName: "xgboost-binary", backend: "fil", framework: "xgboost" });
  });

  it.each([[[]], [["validate"]], [["check", "x.tar.gz"]], [["validate", "a", "b"]], [["validate", "--verbose", "x"]], [["validate", "does-not-exist.tar.gz"]]])("exits 2 for %j", async (args) => {
    const r = await mme(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/usage: npm run mme|cannot read/);
  });
});
