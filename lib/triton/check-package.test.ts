import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkTritonPackage, type PackageReport } from "./check-package";
import { buildTarGz, type TarItem } from "@/test/support/triton/build-tar";
import { STUB_ONNX, stubModelFile } from "@/test/support/triton/model-file-stubs";
import { bytesStream, failingStream, fixtureStream, FIXTURES } from "@/test/support/triton/streams";

const check = (items: TarItem[], options = {}) => checkTritonPackage(bytesStream(buildTarGz(items)), options);
const codes = (r: PackageReport) => r.errors.map((e) => e.code);

const ONNX_CONFIG = (name = "m") => `name: "${name}"\nplatform: "onnxruntime_onnx"\ninput { name: "x" data_type: TYPE_FP32 dims: [ 4 ] }\noutput { name: "y" data_type: TYPE_FP32 dims: [ 4 ] }\n`;
const onnx = (name = "m"): TarItem[] => [
  { name: `${name}/config.pbtxt`, data: ONNX_CONFIG(name) },
  { name: `${name}/1/model.onnx`, data: STUB_ONNX },
];
const withConfig = (config: string, ...files: string[]): TarItem[] => [{ name: "m/config.pbtxt", data: config }, ...files.map((name) => ({ name, data: stubModelFile(name) }))];

describe("checkTritonPackage on the valid fixtures", () => {
  it("onnx-add: the signature, one version", async () => {
    const r = await checkTritonPackage(fixtureStream("onnx-add.tar.gz"));
    expect(r).toEqual({
      ok: true,
      layout: "folder",
      modelName: "onnx-add",
      modelFolder: "onnx-add",
      platform: "onnxruntime_onnx",
      backend: "onnxruntime",
      framework: "onnx",
      modelFilename: "model.onnx",
      filModelType: null,
      maxBatchSize: 0,
      inputs: [
        { name: "INPUT0", dataType: "TYPE_FP32", dims: [-1, 4] },
        { name: "INPUT1", dataType: "TYPE_FP32", dims: [-1, 4] },
      ],
      outputs: [{ name: "OUTPUT0", dataType: "TYPE_FP32", dims: [-1, 4] }],
      versions: [{ version: 1, files: ["model.onnx"], bytes: 157 }],
      composingModels: [],
      totalBytes: 558,
      compressedBytes: 484,
      inflatedBytes: 4096,
      entries: 4,
      errors: [],
      warnings: [],
    });
  });

  it("xgboost-binary: FIL with model_type xgboost_json", async () => {
    const r = await checkTritonPackage(fixtureStream("xgboost-binary.tar.gz"));
    expect(r).toMatchObject({
      ok: true,
      modelName: "xgboost-binary",
      platform: null,
      backend: "fil",
      framework: "xgboost",
      modelFilename: "xgboost.json",
      filModelType: "xgboost_json",
      maxBatchSize: 256,
      inputs: [{ name: "input__0", dataType: "TYPE_FP32", dims: [4] }],
      outputs: [{ name: "output__0", dataType: "TYPE_FP32", dims: [1] }],
      versions: [{ version: 1, files: ["xgboost.json"] }],
      errors: [],
      warnings: [],
    });
  });

  it("onnx-two-versions: both versions, by backend name", async () => {
    const r = await checkTritonPackage(fixtureStream("onnx-two-versions.tar.gz"));
    expect(r).toMatchObject({ ok: true, backend: "onnxruntime", framework: "onnx", maxBatchSize: 8, errors: [], warnings: [] });
    expect(r.versions).toEqual([
      { version: 1, files: ["model.onnx"], bytes: 170 },
      { version: 2, files: ["model.onnx"], bytes: 170 },
    ]);
  });

  it("gives the same report for a browser File.stream() and a JSON round trip", async () => {
    const bytes = readFileSync(`${FIXTURES}xgboost-binary.tar.gz`);
    const fromFile = await checkTritonPackage(new File([bytes], "x.tar.gz").stream());
    const fromNode = await checkTritonPackage(fixtureStream("xgboost-binary.tar.gz"));
    expect(fromFile).toEqual(fromNode);
    expect(JSON.parse(JSON.stringify(fromFile))).toEqual(fromFile);
  });
});

describe("checkTritonPackage on the broken fixtures", () => {
  it.each([
    ["config-syntax", "config_syntax", "config-syntax/config.pbtxt", `config-syntax/config.pbtxt:7:57: expected "," or "]" in a list, found "}"`],
    ["no-version", "no_version", "no-version/", "no-version/ has no version folder"],
    ["wrong-filename", "missing_model_file", "wrong-filename/1/", "wrong-filename/1/ has no model.onnx (platform onnxruntime_onnx expects wrong-filename/1/model.onnx; found model.bin)"],
    ["two-folders", "top_level_folders", "second", "the archive has 2 top-level folders (first, second)"],
    ["unknown-dtype", "config_invalid", "unknown-dtype/config.pbtxt", `unknown-dtype/config.pbtxt:10:33: unknown data type "TYPE_FLOAT32"`],
  ])("%s: %s", async (name, code, entry, message) => {
    const r = await checkTritonPackage(fixtureStream(`broken/${name}.tar.gz`));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ code, entry, message: expect.stringContaining(message) }]);
  });
});

describe("checkTritonPackage on the hostile fixtures", () => {
  it.each([
    ["traversal", "unsafe_path", "evil/../../escaped.txt", '".." segment'],
    ["absolute", "unsafe_path", "/tmp/mme-escaped.txt", "absolute path"],
    ["symlink", "link_entry", "evil/1/link", "symbolic link"],
    ["hardlink", "link_entry", "evil/1/passwd", "hard link"],
    ["char-device", "special_entry", "evil/1/null", "char device"],
    ["pax-path", "unsafe_path", "../escaped.txt", '".." segment'],
    ["gnu-longname", "unsafe_path", `evil/${"a/".repeat(60)}${"../".repeat(70)}escaped.txt`, '".." segment'],
  ])("%s: refused as %s, naming the entry", async (name, code, entry, reason) => {
    const r = await checkTritonPackage(fixtureStream(`hostile/${name}.tar.gz`));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ code, entry, message: expect.stringContaining(reason) }]);
    expect(r.errors[0]!.message).toContain(entry.slice(0, 100));
  });
});

describe("checkTritonPackage refusals", () => {
  it("refuses more entries than maxEntries (10,000 by default)", async () => {
    const many: TarItem[] = [...onnx(), ...Array.from({ length: 10_000 }, (_, i) => ({ name: `m/1/extra-${i}` }))];
    const r = await check(many);
    expect(r.errors).toEqual([{ code: "too_many_entries", entry: "m/1/extra-9998", message: expect.stringContaining("more than 10000 entries") }]);
    expect((await check(onnx(), { maxEntries: 1 })).errors[0]).toMatchObject({ code: "too_many_entries", entry: "m/1/model.onnx" });
  });

  it("refuses an entry over maxEntryBytes and a package over maxTotalBytes, from the header alone", async () => {
    expect((await check([...onnx(), { name: "m/1/big", data: new Uint8Array(2000) }], { maxEntryBytes: 1000 })).errors[0]).toMatchObject({ code: "entry_too_large", entry: "m/1/big" });
    const total = await check([...onnx(), { name: "m/1/a", data: new Uint8Array(600) }, { name: "m/1/b", data: new Uint8Array(600) }], { maxTotalBytes: 1000 });
    expect(total.errors[0]).toMatchObject({ code: "total_too_large", entry: "m/1/b" });
  });

  it("refuses a header that declares 20 TiB before reading any of it", async () => {
    const r = await check([...onnx(), { name: "m/1/huge", size: 20 * 2 ** 40 }]);
    expect(r.errors[0]).toMatchObject({ code: "entry_too_large", entry: "m/1/huge" });
  });

  it.each([
    ["the same file twice", [...onnx(), { name: "m/1/model.onnx", data: "again" }], "m/1/model.onnx"],
    ["a file and then a folder of the same name", [...onnx(), { name: "m/1/model.onnx/", type: "dir" as const }], "m/1/model.onnx/"],
    ["a file inside a file", [...onnx(), { name: "m/1/model.onnx/inner", data: "x" }], "m/1/model.onnx/inner"],
  ])("refuses %s", async (_, items, entry) => {
    expect((await check(items as TarItem[])).errors).toEqual([{ code: "duplicate_entry", entry, message: expect.stringContaining(entry) }]);
  });

  it.each([
    ["a backslash", "m\\1\\model.onnx", "backslash"],
    ["a NUL byte (via pax)", "m/1/model.onnx\0.txt", "NUL"],
    ["a drive letter", "C:/m/config.pbtxt", "absolute"],
    ["a control character", "m/1/new\nline", "control characters"],
  ])("refuses a name with %s", async (_, name, reason) => {
    const r = await check([...onnx(), { name: "m/1/placeholder", pax: { path: name }, data: "x" }]);
    expect(r.errors).toEqual([{ code: "unsafe_path", entry: name, message: expect.stringContaining(reason) }]);
  });

  it.each([
    ["a block device", { name: "m/1/sda", type: "block" as const }, "special_entry"],
    ["a FIFO", { name: "m/1/pipe", type: "fifo" as const }, "special_entry"],
    ["a GNU sparse file", { name: "m/1/sparse", flag: "S" }, "unsupported_entry"],
    ["a pax sparse file", { name: "m/1/sparse", pax: { "GNU.sparse.major": "1" }, data: "x" }, "unsupported_entry"],
  ])("refuses %s", async (_, item, code) => {
    expect((await check([...onnx(), item])).errors[0]).toMatchObject({ code, entry: item.name });
  });

  it.each([
    ["not gzip", new TextEncoder().encode("PK\x03\x04 a zip file"), "not_gzip"],
    ["empty", new Uint8Array(0), "empty"],
    ["truncated", readFileSync(`${FIXTURES}onnx-add.tar.gz`).subarray(0, 300), "truncated"],
  ])("refuses an archive that is %s", async (_, bytes, code) => {
    const r = await checkTritonPackage(bytesStream(bytes));
    expect(codes(r)).toEqual([code]);
  });

  it("refuses an archive with no entries", async () => {
    expect((await check([])).errors).toEqual([{ code: "empty", message: "the archive holds no entries" }]);
  });

  it("reports a source that fails mid-stream as read_failed", async () => {
    const r = await checkTritonPackage(failingStream(readFileSync(`${FIXTURES}onnx-add.tar.gz`).subarray(0, 100)));
    expect(r.errors).toEqual([{ code: "read_failed", message: "reading the file failed: connection reset" }]);
  });
});

describe("checkTritonPackage layout rules", () => {
  it("accepts a leading ./ and the archive root entry, as `tar -C dir .` writes", async () => {
    const r = await check([{ name: "./", type: "dir" }, { name: "./m/", type: "dir" }, ...onnx().map((i) => ({ ...i, name: `./${i.name}` }))]);
    expect(r).toMatchObject({ ok: true, modelName: "m", errors: [] });
  });

  it("loads a folder with files beside it, which SageMaker's Triton ignores (a warning, with a hint for macOS metadata)", async () => {
    const r = await check([...onnx(), { name: "README.md", data: "x" }, { name: "._m", data: "x" }]);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((e) => [e.code, e.entry])).toEqual([
      ["ignored_file", "README.md"],
      ["ignored_file", "._m"],
    ]);
    expect(r.warnings[1]!.message).toContain("COPYFILE_DISABLE=1");
  });

  it("refuses a package without config.pbtxt or with an oversized one", async () => {
    expect((await check([{ name: "m/1/model.onnx", data: STUB_ONNX }])).errors).toEqual([{ code: "no_config", entry: "m/config.pbtxt", message: "m/config.pbtxt is missing" }]);
    const big = await check([{ name: "m/config.pbtxt", data: "#".repeat(2000) }, { name: "m/1/model.onnx", data: STUB_ONNX }], { maxConfigBytes: 1000 });
    expect(codes(big)).toEqual(["config_too_large"]);
  });

  it("loads a config whose name is not the folder's, as SageMaker does (the BERT notebook's bert_0 with name \"bert\"), with a warning saying why", async () => {
    const r = await check([{ name: "m/config.pbtxt", data: ONNX_CONFIG("other") }, { name: "m/1/model.onnx", data: STUB_ONNX }]);
    expect(r).toMatchObject({ ok: true, modelName: "m", errors: [] });
    expect(r.warnings).toEqual([
      {
        code: "config_warning",
        entry: "m/config.pbtxt",
        message: `m/config.pbtxt:1:1: name "other" differs from the model folder "m": SageMaker's Triton loads it anyway, registered under the target model's name (a plain Triton would refuse it)`,
      },
    ]);
  });

  it.each([
    [`platform: "caffe2_netdef"`, `unknown platform "caffe2_netdef"`],
    [`backend: "openvino"`, `unknown backend "openvino"`],
    [`max_batch_size: 1`, `sets neither platform nor backend`],
    [`platform: "onnxruntime_onnx"\nbackend: "pytorch"`, `runs on backend "onnxruntime", but backend is "pytorch"`],
    [`backend: "tensorflow"`, `needs platform "tensorflow_savedmodel" or "tensorflow_graphdef"`],
    [`backend: "fil"\nparameters { key: "model_type" value { string_value: "catboost" } }`, `unknown FIL model_type "catboost"`],
  ])("refuses %j as an unknown platform", async (head, message) => {
    const r = await check(withConfig(`${head}\ninput { name: "x" data_type: TYPE_FP32 dims: 1 }\noutput { name: "y" data_type: TYPE_FP32 dims: 1 }`, "m/1/model.onnx"));
    expect(r.errors).toEqual([{ code: "unknown_platform", entry: "m/config.pbtxt", message: expect.stringContaining(message) }]);
  });

  const io = `input { name: "x" data_type: TYPE_FP32 dims: 1 }\noutput { name: "y" data_type: TYPE_FP32 dims: 1 }\n`;
  it.each([
    ["pytorch_libtorch", `platform: "pytorch_libtorch"`, ["m/1/model.pt"], "pytorch"],
    ["tensorrt_plan", `platform: "tensorrt_plan"`, ["m/1/model.plan"], "tensorrt"],
    ["tensorflow_graphdef", `platform: "tensorflow_graphdef"`, ["m/1/model.graphdef"], "tensorflow"],
    ["tensorflow_savedmodel", `platform: "tensorflow_savedmodel"`, ["m/1/model.savedmodel/saved_model.pb", "m/1/model.savedmodel/variables/variables.index"], "tensorflow"],
    ["onnx with external data", `backend: "onnxruntime"`, ["m/1/model.onnx/model.onnx", "m/1/model.onnx/weights.bin"], "onnx"],
    ["python", `backend: "python"`, ["m/1/model.py"], "python"],
    ["lightgbm", `backend: "fil"\nparameters { key: "model_type" value { string_value: "lightgbm" } }`, ["m/1/model.txt"], "lightgbm"],
    ["xgboost ubj", `backend: "fil"\nparameters { key: "model_type" value { string_value: "xgboost_ubj" } }`, ["m/1/xgboost.ubj"], "xgboost"],
    ["a default_model_filename", `platform: "onnxruntime_onnx"\ndefault_model_filename: "resnet.onnx"`, ["m/1/resnet.onnx"], "onnx"],
  ])("accepts %s", async (_, head, files, framework) => {
    const r = await check(withConfig(head + "\n" + io, ...files));
    expect(r).toMatchObject({ ok: true, framework, errors: [] });
  });

  it("warns when FIL has no model_type, and then expects the binary xgboost.model", async () => {
    const r = await check(withConfig(`backend: "fil"\n${io}`, "m/1/xgboost.model"));
    expect(r).toMatchObject({ ok: true, framework: "xgboost", filModelType: "xgboost", modelFilename: "xgboost.model" });
    expect(r.warnings).toEqual([{ code: "config_warning", entry: "m/config.pbtxt", message: expect.stringContaining(`no model_type: the FIL backend assumes "xgboost"`) }]);
  });

  it("refuses a SavedModel folder without saved_model.pb", async () => {
    const r = await check(withConfig(`platform: "tensorflow_savedmodel"\n${io}`, "m/1/model.savedmodel/variables/variables.index"));
    expect(r.errors).toEqual([{ code: "missing_model_file", entry: "m/1/", message: expect.stringContaining("has no model.savedmodel/saved_model.pb") }]);
  });

  it("only requires the model file in the versions the policy loads", async () => {
    const latest = await check([...onnx(), { name: "m/2/notes.txt", data: "x" }, { name: "m/3/model.onnx", data: STUB_ONNX }]);
    expect(latest).toMatchObject({ ok: true });
    expect(latest.warnings.map((w) => w.code)).toEqual(["unused_version"]);
    const all = await check([{ name: "m/config.pbtxt", data: ONNX_CONFIG() + "version_policy { all {} }" }, { name: "m/1/model.onnx", data: STUB_ONNX }, { name: "m/2/notes.txt", data: "x" }]);
    expect(all.errors).toEqual([{ code: "missing_model_file", entry: "m/2/", message: expect.stringContaining("m/2/ has no model.onnx") }]);
    const specific = await check([{ name: "m/config.pbtxt", data: ONNX_CONFIG() + "version_policy { specific { versions: [ 1, 4 ] } }" }, { name: "m/1/model.onnx", data: STUB_ONNX }]);
    expect(specific.errors).toEqual([{ code: "no_version", entry: "m/config.pbtxt", message: expect.stringContaining("asks for version 4") }]);
  });

  it("ignores folders that are not versions, as Triton does, with a warning", async () => {
    const r = await check([...onnx(), { name: "m/0/model.onnx", data: STUB_ONNX }, { name: "m/01/model.onnx", data: STUB_ONNX }, { name: "m/labels/a.txt", data: "x" }, { name: "m/labels.txt", data: "x" }]);
    expect(r.ok).toBe(true);
    expect(r.versions.map((v) => v.version)).toEqual([1]);
    expect(r.warnings.map((w) => w.entry)).toEqual(["m/0/", "m/01/", "m/labels/"]);
  });

  it("lists every package problem in one report", async () => {
    const r = await check([{ name: "m/config.pbtxt", data: `name: "x"\nplatform: "onnxruntime_onnx"\ninput { name: "a" data_type: TYPE_FP32 dims: [ 0 ] }` }, { name: "m/2/model.bin", data: "x" }, { name: "top.txt", data: "x" }]);
    expect(codes(r)).toEqual(["config_invalid", "missing_model_file"]);
    expect(r.warnings.map((w) => w.code)).toEqual(["ignored_file", "config_warning", "config_warning"]);
  });
});
