import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

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
