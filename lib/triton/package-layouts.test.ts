import { describe, expect, it } from "vitest";
import { checkTritonPackage, type PackageReport } from "./check-package";
import { ACCEPTED_LAYOUTS } from "./check-layout";
import { buildTarGz, type TarItem } from "@/test/support/triton/build-tar";
import { STUB_ONNX } from "@/test/support/triton/model-file-stubs";
import { bytesStream } from "@/test/support/triton/streams";

// The layouts SageMaker's Triton loads (src/sagemaker_server.cc), and ensembles' graphs.
const check = (items: TarItem[]) => checkTritonPackage(bytesStream(buildTarGz(items)));
const codes = (r: PackageReport) => r.errors.map((e) => e.code);

const tensor = (kind: "input" | "output", name: string, type = "TYPE_FP32") => `${kind} { name: "${name}" data_type: ${type} dims: [ 4 ] }\n`;
const onnxModel = (folder: string, input: string, output: string, extra = ""): TarItem[] => [
  { name: `${folder}/config.pbtxt`, data: `platform: "onnxruntime_onnx"\n${extra}${tensor("input", input)}${tensor("output", output)}` },
  { name: `${folder}/1/model.onnx`, data: STUB_ONNX },
];
type Step = { model: string; inputs: Record<string, string>; outputs: Record<string, string> };
const ensembleConfig = (steps: Step[], head = `platform: "ensemble"\n${tensor("input", "IN")}${tensor("output", "OUT")}`) =>
  `${head}ensemble_scheduling {\n${steps
    .map(
      (s) =>
        `  step { model_name: "${s.model}" model_version: -1 ${Object.entries(s.inputs)
          .map(([k, v]) => `input_map { key: "${k}" value: "${v}" } `)
          .join("")}${Object.entries(s.outputs)
          .map(([k, v]) => `output_map { key: "${k}" value: "${v}" } `)
          .join("")}}`,
    )
    .join("\n")}\n}\n`;
const PIPELINE: Step[] = [
  { model: "pre", inputs: { RAW: "IN" }, outputs: { PRE_OUT: "mid" } },
  { model: "main", inputs: { X: "mid" }, outputs: { Y: "OUT" } },
];
const ensemble = (steps: Step[] = PIPELINE, config = ensembleConfig(steps)): TarItem[] => [
  { name: "ens/config.pbtxt", data: config },
  { name: "ens/1/", type: "dir" },
  ...onnxModel("pre", "RAW", "PRE_OUT"),
  ...onnxModel("main", "X", "Y"),
];

describe("package layouts SageMaker's Triton loads", () => {
  it("config.pbtxt at the archive root, with its version folders beside it", async () => {
    const r = await check([
      { name: "config.pbtxt", data: `name: "resnet"\nplatform: "onnxruntime_onnx"\n${tensor("input", "x")}${tensor("output", "y")}` },
      { name: "1/model.onnx", data: STUB_ONNX },
      { name: "labels.txt", data: "cat\ndog" },
    ]);
    expect(r).toMatchObject({ ok: true, layout: "root", modelName: "resnet", modelFolder: "", versions: [{ version: 1, files: ["model.onnx"] }], warnings: [] });
  });

  it("the BERT notebook's packing: `tar -C model_repo_0 -czf bert-0.tar.gz .` of bert_0/ whose config says name: \"bert\"", async () => {
    const items = onnxModel("bert_0", "token_ids", "output", `name: "bert"\n`).map((i) => ({ ...i, name: `./${i.name}` }));
    const r = await check([{ name: "./", type: "dir" }, ...items]);
    expect(r).toMatchObject({ ok: true, layout: "folder", modelName: "bert_0", modelFolder: "bert_0" });
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining(`name "bert" differs from the model folder "bert_0": SageMaker's Triton loads it anyway`)]);
  });

  it("refuses several folders when none is an ensemble, saying which layouts are accepted", async () => {
    const r = await check([...onnxModel("a", "x", "y"), ...onnxModel("b", "x", "y")]);
    expect(r.errors).toEqual([{ code: "top_level_folders", entry: "b", message: `the archive has 2 top-level folders (a, b) and none is an ensemble: ${ACCEPTED_LAYOUTS}` }]);
  });

  it("refuses an archive with only files and no config.pbtxt at its root", async () => {
    const r = await check([{ name: "model.onnx", data: STUB_ONNX }]);
    expect(r.errors).toEqual([{ code: "top_level_folders", message: `the archive holds no model: ${ACCEPTED_LAYOUTS}` }]);
  });

  it("refuses two ensembles in one archive", async () => {
    const r = await check([...ensemble(), { name: "ens2/config.pbtxt", data: ensembleConfig(PIPELINE) }, { name: "ens2/1/", type: "dir" }]);
    expect(r.errors).toEqual([{ code: "top_level_folders", entry: "pre", message: expect.stringContaining("and 2 are ensembles (ens, ens2)") }]);
  });
});

describe("ensembles", () => {
  it("accepts an ensemble beside its composing models, reporting the ensemble's signature and each composing model", async () => {
    const r = await check([...ensemble(), ...onnxModel("unused", "x", "y")]);
    expect(r).toMatchObject({
      ok: true,
      layout: "ensemble",
      modelName: "ens",
      platform: "ensemble",
      backend: "ensemble",
      framework: "ensemble",
      inputs: [{ name: "IN", dataType: "TYPE_FP32", dims: [4] }],
      outputs: [{ name: "OUT", dataType: "TYPE_FP32", dims: [4] }],
      versions: [{ version: 1, files: [] }],
    });
    expect(r.composingModels.map((m) => [m.name, m.framework, m.inputs.map((t) => t.name), m.outputs.map((t) => t.name)])).toEqual([
      ["pre", "onnx", ["RAW"], ["PRE_OUT"]],
      ["main", "onnx", ["X"], ["Y"]],
    ]);
    expect(r.warnings).toEqual([{ code: "ignored_folder", entry: "unused/", message: `unused/ is not a step of ensemble "ens": it is not loaded` }]);
  });

  it("refuses a step naming a model the archive does not hold", async () => {
    const r = await check(ensemble([...PIPELINE, { model: "post", inputs: { A: "OUT" }, outputs: {} }]));
    expect(r.errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens" step 3 (post): the package has no folder "post" holding that model (an ensemble's archive holds its composing models beside it)`);
  });

  it("refuses a cycle", async () => {
    const r = await check(
      ensemble([
        { model: "pre", inputs: { RAW: "back" }, outputs: { PRE_OUT: "mid" } },
        { model: "main", inputs: { X: "mid" }, outputs: { Y: "back" } },
      ]),
    );
    expect(codes(r)).toContain("ensemble_invalid");
    expect(r.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([`ens/config.pbtxt: ensemble "ens": output "OUT" is not produced by any step's output_map`]),
    );
    const cyc = await check(
      ensemble(
        [
          { model: "pre", inputs: { RAW: "back" }, outputs: { PRE_OUT: "mid" } },
          { model: "main", inputs: { X: "mid" }, outputs: { Y: "back" } },
        ],
        ensembleConfig(
          [
            { model: "pre", inputs: { RAW: "back" }, outputs: { PRE_OUT: "OUT" } },
            { model: "main", inputs: { X: "OUT" }, outputs: { Y: "back" } },
          ],
          `platform: "ensemble"\n${tensor("input", "IN")}${tensor("output", "OUT")}`,
        ),
      ),
    );
    expect(cyc.errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens": steps 1 (pre), 2 (main) form a cycle (each waits for another's output)`);
  });

  it("refuses unmapped and unknown tensors, tensors written twice, and mismatched data types", async () => {
    const unmapped = await check(ensemble([{ model: "pre", inputs: {}, outputs: { PRE_OUT: "OUT" } }]));
    expect(unmapped.errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens" step 1 (pre): input "RAW" of model "pre" is not mapped in input_map`);
    const unknown = await check(ensemble([{ model: "pre", inputs: { RAW: "IN", NOPE: "IN" }, outputs: { PRE_OUT: "OUT" } }]));
    expect(unknown.errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens" step 1 (pre): input_map names "NOPE", which is not an input of model "pre"`);
    const dangling = await check(ensemble([{ model: "pre", inputs: { RAW: "nowhere" }, outputs: { PRE_OUT: "OUT" } }]));
    expect(dangling.errors.map((e) => e.message)).toContain(
      `ens/config.pbtxt: ensemble "ens" step 1 (pre): input "RAW" reads ensemble tensor "nowhere", which is neither an ensemble input nor any step's output`,
    );
    const twice = await check(
      ensemble([
        { model: "pre", inputs: { RAW: "IN" }, outputs: { PRE_OUT: "OUT" } },
        { model: "main", inputs: { X: "IN" }, outputs: { Y: "OUT" } },
      ]),
    );
    expect(twice.errors.map((e) => e.message)).toContain(
      `ens/config.pbtxt: ensemble "ens" step 2 (main): ensemble tensor "OUT" is written more than once (an ensemble input, or the output of another step)`,
    );
    const typed = await check(ensemble(PIPELINE, ensembleConfig(PIPELINE, `platform: "ensemble"\n${tensor("input", "IN", "TYPE_INT32")}${tensor("output", "OUT")}`)));
    expect(typed.errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens" step 1 (pre) input "RAW" is TYPE_FP32, but ensemble tensor "IN" is TYPE_INT32`);
  });

  it("refuses an ensemble that batches further than a composing model, and a nested ensemble", async () => {
    const batched = await check(ensemble(PIPELINE, ensembleConfig(PIPELINE, `platform: "ensemble"\nmax_batch_size: 8\n${tensor("input", "IN")}${tensor("output", "OUT")}`)));
    expect(batched.errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens" allows maximum batch size 8, but it contains model "pre" which only allows maximum batch size to be 0`);
    // SageMaker's Triton finds the ensemble by the text `platform:"ensemble"`; one written `platform : "ensemble"` hides from it.
    const nested = ensemble().map((i) =>
      i.name === "pre/config.pbtxt" ? { ...i, data: `platform : "ensemble"\n${tensor("input", "RAW")}${tensor("output", "PRE_OUT")}ensemble_scheduling { step { model_name: "main" input_map { key: "X" value: "RAW" } output_map { key: "Y" value: "PRE_OUT" } } }` } : i,
    );
    expect((await check(nested)).errors.map((e) => e.message)).toContain(`ens/config.pbtxt: ensemble "ens" step 1 (pre): "pre" is itself an ensemble; nested ensembles are not supported by the local engine`);
  });

  it("refuses a composing model whose name differs from its folder: only the registered model is renamed", async () => {
    const r = await check(ensemble().map((i) => (i.name === "pre/config.pbtxt" ? { ...i, data: `name: "other"\n${i.data as string}` } : i)));
    expect(r.errors).toEqual([
      {
        code: "config_invalid",
        entry: "pre/config.pbtxt",
        message: `pre/config.pbtxt: name "other" differs from its folder "pre": a composing model's name must equal its folder (SageMaker renames only the model it registers, the ensemble)`,
      },
    ]);
  });

  it("needs the ensemble's version folder and at least one step", async () => {
    const noVersion = await check(ensemble().filter((i) => i.name !== "ens/1/"));
    expect(noVersion.errors).toEqual([{ code: "no_version", entry: "ens/", message: "ens/ has no version folder: the model file goes in ens/1/" }]);
    const noSteps = await check([{ name: "ens/config.pbtxt", data: `platform: "ensemble"\n${tensor("input", "IN")}${tensor("output", "OUT")}` }, { name: "ens/1/", type: "dir" }, ...onnxModel("pre", "RAW", "PRE_OUT")]);
    expect(noSteps.errors.map((e) => e.message)).toContain("ens/config.pbtxt:1:1: an ensemble needs ensemble_scheduling with at least one step");
  });
});
