import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkTritonPackage, type PackageReport } from "./check-package";
import { extractTritonPackage } from "./node/extract-package";
import { buildTarGz, type TarItem } from "@/test/support/triton/build-tar";
import { STUB_ONNX } from "@/test/support/triton/model-file-stubs";
import { seededRandom } from "@/test/support/triton/seeded-random";
import { bytesStream, fixtureStream, FIXTURES } from "@/test/support/triton/streams";

const check = (items: TarItem[], chunk?: number) => checkTritonPackage(bytesStream(buildTarGz(items), chunk));
const source = (model: string, file: string) => readFileSync(join(FIXTURES, "src", model, "1", file));
const io = `input { name: "x" data_type: TYPE_FP32 dims: [ 4 ] }\noutput { name: "y" data_type: TYPE_FP32 dims: [ 4 ] }\n`;
const CONFIG = {
  onnx: `platform: "onnxruntime_onnx"\n${io}`,
  torch: `platform: "pytorch_libtorch"\n${io}`,
  python: `backend: "python"\n${io}`,
  fil: (modelType: string) => `backend: "fil"\nparameters { key: "model_type" value { string_value: "${modelType}" } }\n${io}`,
};
const pkg = (config: string, file: string, data: Uint8Array | string): TarItem[] => [
  { name: "m/config.pbtxt", data: config },
  { name: `m/1/${file}`, data },
];

const randomBytes = (n: number, seed = 7) => seededRandom(seed).bytes(n);

/** The one error the report has, which must be a bad model file. */
function badFile(r: PackageReport) {
  expect(r.ok).toBe(false);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]!.code).toBe("bad_model_file");
  return r.errors[0]!;
}

describe("every fixture package still passes the model-file checks", () => {
  const packages = [...readdirSync(FIXTURES), ...readdirSync(join(FIXTURES, "notebooks")).map((f) => `notebooks/${f}`)].filter((f) => f.endsWith(".tar.gz"));
  it.each(packages)("%s is loadable", async (name) => {
    const r = await checkTritonPackage(fixtureStream(name));
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });

  const objectives = readdirSync(join(FIXTURES, "fil-objectives")).filter((f) => /^(?!reference).*\.(json|ubj)$/.test(f));
  it.each(objectives)("fil-objectives/%s passes as an XGBoost model", async (file) => {
    const ubj = file.endsWith(".ubj");
    const data = readFileSync(join(FIXTURES, "fil-objectives", file));
    const r = await check(pkg(CONFIG.fil(ubj ? "xgboost_ubj" : "xgboost_json"), ubj ? "xgboost.ubj" : "xgboost.json", data));
    expect(r.errors).toEqual([]);
  });

  it("has a fixture for each format these checks read", () => {
    expect(packages).toEqual(expect.arrayContaining(["onnx-add.tar.gz", "torch-mlp.tar.gz", "python-add-sub.tar.gz", "xgboost-binary.tar.gz", "xgboost-ubj.tar.gz", "lightgbm-binary.tar.gz"]));
  });
});

describe("ONNX: model.onnx must be a ModelProto (onnx.proto)", () => {
  it("refuses random bytes named model.onnx, naming the file", async () => {
    const e = badFile(await check(pkg(CONFIG.onnx, "model.onnx", randomBytes(4096))));
    expect(e.entry).toBe("m/1/model.onnx");
    expect(e.message).toMatch(/^m\/1\/model\.onnx is not an ONNX model \(a ModelProto protobuf, onnx\.proto\): /);
  });

  it.each([1, 2, 3, 5, 11, 42])("refuses random bytes whatever the seed (%i)", async (seed) => {
    badFile(await check(pkg(CONFIG.onnx, "model.onnx", randomBytes(2000 + seed * 100, seed))));
  });

  it("accepts the real ONNX model read one byte at a time (every field straddles chunks)", async () => {
    const r = await check(pkg(CONFIG.onnx, "model.onnx", source("onnx-add", "model.onnx")), 1);
    expect(r.errors).toEqual([]);
  });

  it("refuses a truncated ONNX model: the graph's length runs past the end", async () => {
    const whole = source("onnx-add", "model.onnx");
    const e = badFile(await check(pkg(CONFIG.onnx, "model.onnx", whole.subarray(0, whole.length - 10))));
    expect(e.message).toMatch(/past the end of the \d+-byte file|ends inside field/);
  });

  it.each([
    ["no graph", [0x08, 0x08, 0x42, 0x02, 0x10, 0x0d], "it has no graph (ModelProto field 7)"],
    ["no ir_version", [0x3a, 0x00, 0x42, 0x02, 0x10, 0x0d], "it has no ir_version (ModelProto field 1)"],
    ["no opset_import", [0x08, 0x08, 0x3a, 0x00], "it has no opset_import (ModelProto field 8)"],
    ["graph written as a varint", [0x08, 0x08, 0x38, 0x01], "field 7 (graph) at byte 2 has wire type 0, ModelProto writes it as 2"],
    ["an implausible ir_version", [0x08, 0xff, 0x7f, 0x3a, 0x00], "ir_version 16383 is not an ONNX IR version"],
    ["text", [...new TextEncoder().encode("version https://git-lfs.github.com/spec/v1\n")], "is not an ONNX model"],
  ])("refuses a ModelProto with %s", async (_, bytes, message) => {
    expect(badFile(await check(pkg(CONFIG.onnx, "model.onnx", new Uint8Array(bytes)))).message).toContain(message);
  });

  it("refuses an empty model.onnx", async () => {
    expect(badFile(await check(pkg(CONFIG.onnx, "model.onnx", ""))).message).toBe("m/1/model.onnx is empty");
  });

  it("checks the model.onnx inside a model.onnx folder (external data), not its weights", async () => {
    const items = (model: Uint8Array): TarItem[] => [
      { name: "m/config.pbtxt", data: CONFIG.onnx },
      { name: "m/1/model.onnx/model.onnx", data: model },
      { name: "m/1/model.onnx/weights.bin", data: randomBytes(100) },
    ];
    expect((await check(items(STUB_ONNX))).errors).toEqual([]);
    expect(badFile(await check(items(randomBytes(100)))).entry).toBe("m/1/model.onnx/model.onnx");
  });

  it("only warns about a bad model file in a version the policy does not load", async () => {
    const r = await check([
      { name: "m/config.pbtxt", data: CONFIG.onnx },
      { name: "m/1/model.onnx", data: randomBytes(100) },
      { name: "m/2/model.onnx", data: STUB_ONNX },
    ]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([{ code: "unused_version", entry: "m/1/model.onnx", message: expect.stringContaining("not loaded: the version policy skips version 1") }]);
  });

  it("checks the file default_model_filename names, in a package whose config comes after it", async () => {
    const r = await check([
      { name: "m/1/resnet.onnx", data: randomBytes(64) },
      { name: "m/config.pbtxt", data: `${CONFIG.onnx}default_model_filename: "resnet.onnx"\n` },
    ]);
    expect(badFile(r).entry).toBe("m/1/resnet.onnx");
  });
});

describe("TorchScript: model.pt must be a zip archive", () => {
  it("accepts the real TorchScript module", async () => {
    expect((await check(pkg(CONFIG.torch, "model.pt", source("torch-mlp", "model.pt")))).errors).toEqual([]);
  });

  it("refuses random bytes, naming the file and the zip signature", async () => {
    const e = badFile(await check(pkg(CONFIG.torch, "model.pt", randomBytes(512))));
    expect(e).toMatchObject({ entry: "m/1/model.pt", message: expect.stringContaining("m/1/model.pt is not a TorchScript archive: it does not start as a zip archive (PK\\x03\\x04)") });
  });

  it("says when it is a pickle (torch.save of weights) instead", async () => {
    const e = badFile(await check(pkg(CONFIG.torch, "model.pt", new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc]))));
    expect(e.message).toContain("it is a Python pickle (torch.save of weights?)");
  });
});

describe("Python: model.py must define TritonPythonModel", () => {
  it.each([
    ["a class", "import numpy as np\n\nclass TritonPythonModel:\n    pass\n"],
    ["a subclass", "class TritonPythonModel(Base):\n    pass\n"],
    ["an import", "from .impl import TritonPythonModel\n"],
    ["an assignment", "TritonPythonModel = Impl\n"],
    ["a class defined under an if", "if HAVE_GPU:\n    class TritonPythonModel(GpuModel):\n        pass\n"],
  ])("accepts %s", async (_, text) => {
    expect((await check(pkg(CONFIG.python, "model.py", text), 3)).errors).toEqual([]);
  });

  it.each([
    ["no such class", "class Model:\n    def execute(self, requests):\n        return []\n"],
    ["a class of another name", "class TritonPythonModelBase:\n    pass\n"],
    ["the name only in a comment", "# class TritonPythonModel comes later\n"],
  ])("refuses %s, naming the file", async (_, text) => {
    const e = badFile(await check(pkg(CONFIG.python, "model.py", text)));
    expect(e).toEqual({ code: "bad_model_file", entry: "m/1/model.py", message: "m/1/model.py does not define class TritonPythonModel, which the Python backend loads from it" });
  });
});

describe("FIL: XGBoost and LightGBM files must parse as their format", () => {
  it("accepts the real models, even read in 7-byte chunks", async () => {
    expect((await check(pkg(CONFIG.fil("xgboost_json"), "xgboost.json", source("xgboost-binary", "xgboost.json")), 7)).errors).toEqual([]);
    expect((await check(pkg(CONFIG.fil("xgboost_ubj"), "xgboost.ubj", source("xgboost-ubj", "xgboost.ubj")), 7)).errors).toEqual([]);
    expect((await check(pkg(CONFIG.fil("lightgbm"), "model.txt", source("lightgbm-binary", "model.txt")), 7)).errors).toEqual([]);
  });

  it.each([
    ["a byte order mark and whitespace", '\uFEFF\n  {"version": [2, 1, 0], "learner": {"x": "}{]["}}\n'],
    ["escaped quotes and brackets inside strings", '{"learner": {"a\\"}": "[\\\\"}, "version": [1]}'],
  ])("accepts an xgboost.json with %s", async (_, text) => {
    expect((await check(pkg(CONFIG.fil("xgboost_json"), "xgboost.json", text), 2)).errors).toEqual([]);
  });

  it.each([
    ["random bytes", randomBytes(300), 'it does not start with "{"'],
    ["a truncated model", source("xgboost-binary", "xgboost.json").subarray(0, 500), "it ends before its top-level object closes"],
    ["two objects", '{"learner": {}, "version": [1]} {}', "there is more after the top-level object"],
    ["mismatched brackets", '{"learner": [}, "version": [1]}', 'a "}" at byte 13 closes a "["'],
    ["a tree dump", '{"trees": [], "learner_model_param": {}}', 'it has no top-level "learner" or "version" (its keys: trees, learner_model_param); it looks like a tree dump'],
    ["UBJSON named .json", source("xgboost-ubj", "xgboost.ubj"), 'it looks like UBJSON: name it xgboost.ubj with model_type "xgboost_ubj"'],
  ])("refuses an xgboost.json that is %s", async (_, data, message) => {
    const e = badFile(await check(pkg(CONFIG.fil("xgboost_json"), "xgboost.json", data)));
    expect(e.entry).toBe("m/1/xgboost.json");
    expect(e.message).toMatch(/^m\/1\/xgboost\.json is not /);
    expect(e.message).toContain(message);
  });

  it.each([
    ["random bytes", randomBytes(300, 3), `it does not start as a UBJSON object ("{" and a key), as XGBoost's save_model writes it`],
    ["JSON text", source("xgboost-binary", "xgboost.json"), 'it is JSON text (name it xgboost.json with model_type "xgboost_json")'],
  ])("refuses an xgboost.ubj that is %s", async (_, data, message) => {
    const e = badFile(await check(pkg(CONFIG.fil("xgboost_ubj"), "xgboost.ubj", data)));
    expect(e).toEqual({ code: "bad_model_file", entry: "m/1/xgboost.ubj", message: `m/1/xgboost.ubj is not an XGBoost UBJSON model: ${message}` });
  });

  it("refuses a LightGBM model.txt without its tree header", async () => {
    const e = badFile(await check(pkg(CONFIG.fil("lightgbm"), "model.txt", "Tree=0\nnum_leaves=2\n")));
    expect(e).toEqual({ code: "bad_model_file", entry: "m/1/model.txt", message: 'm/1/model.txt is not a LightGBM text model: its first line is "Tree=0", not "tree" (Booster.save_model writes "tree" first)' });
  });

  it("leaves XGBoost's legacy binary format to the load (no structure to check cheaply)", async () => {
    const r = await check(pkg(`backend: "fil"\n${io}`, "xgboost.model", randomBytes(100)));
    expect(r.errors).toEqual([]);
  });
});

describe("the engine's extraction does not run these checks", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("extracts a random-bytes model.onnx, so the load fails as Triton's does", async () => {
    const parent = mkdtempSync(join(tmpdir(), "model-file-checks-"));
    dirs.push(parent);
    const r = await extractTritonPackage(bytesStream(buildTarGz(pkg(CONFIG.onnx, "model.onnx", randomBytes(256)))), parent);
    expect(r.report.errors).toEqual([]);
    expect(r.dir).not.toBeNull();
  });
});
