import { describe, expect, it } from "vitest";
import { parseConfigPbtxt } from "./parse-config-pbtxt";

// Configs in the style of Triton's documentation and model repositories.
const DENSENET_ONNX = `
name: "densenet_onnx"
platform: "onnxruntime_onnx"
max_batch_size : 0
input [
  {
    name: "data_0"
    data_type: TYPE_FP32
    format: FORMAT_NCHW
    dims: [ 3, 224, 224 ]
    reshape { shape: [ 1, 3, 224, 224 ] }
  }
]
output [
  {
    name: "fc6_1"
    data_type: TYPE_FP32
    dims: [ 1000 ]
    reshape { shape: [ 1, 1000, 1, 1 ] }
    label_filename: "densenet_labels.txt"
  }
]
`;

const RESNET_TRT = `
name: "resnet50_trt"
platform: "tensorrt_plan"
max_batch_size: 32
input [ { name: "input" data_type: TYPE_FP16 format: FORMAT_NCHW dims: [ 3, 224, 224 ] } ]
output [ { name: "output" data_type: TYPE_FP16 dims: [ 1000 ] } ]
instance_group [
  { count: 2, kind: KIND_GPU, gpus: [ 0, 1 ] },
  { kind: KIND_GPU gpus: 2 }
]
dynamic_batching {
  preferred_batch_size: [ 4, 8 ]
  max_queue_delay_microseconds: 100
}
version_policy: { specific: { versions: [ 1, 3 ] } }
`;

const BERT_PYTORCH = `
name: "bert"
platform: "pytorch_libtorch"
max_batch_size: 8
input [
  { name: "INPUT__0" data_type: TYPE_INT64 dims: [ -1 ] },
  { name: "INPUT__1" data_type: TYPE_INT64 dims: [ -1 ] optional: true }
]
output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ -1, 768 ] } ]
parameters: { key: "INFERENCE_MODE" value: { string_value: "true" } }
parameters: { key: "ENABLE_NVFUSER" value: { string_value: "false" } }
`;

const TOKENIZER_PYTHON = `
name: "tokenizer"
backend: "python"
max_batch_size: 0
input [ { name: "TEXT" data_type: TYPE_STRING dims: [ 1 ] } ]
output [ { name: "IDS" data_type: TYPE_INT32 dims: [ -1 ] } ]
instance_group [ { kind: KIND_CPU } ]
sequence_batching { max_sequence_idle_microseconds: 5000000 }
model_warmup [
  {
    name: "warm"
    batch_size: 1
    inputs { key: "TEXT" value: { data_type: TYPE_STRING dims: [ 1 ] zero_data: true } }
  }
]
`;

const FIL_DOCS = `
backend: "fil"
max_batch_size: 32768
input [
 {
    name: "input__0"
    data_type: TYPE_FP32
    dims: [ 32 ]
  }
]
output [
 {
    name: "output__0"
    data_type: TYPE_FP32
    dims: [ 1 ]
  }
]
instance_group [{ kind: KIND_AUTO }]
parameters [
  {
    key: "model_type"
    value: { string_value: "xgboost_ubj" }
  },
  {
    key: "output_class"
    value: { string_value: "true" }
  }
]

dynamic_batching {}
`;

const errorsOf = (text: string, folderName?: string) => parseConfigPbtxt(text, folderName ? { folderName } : {}).errors.map((e) => e.message);

describe("parseConfigPbtxt on real configs", () => {
  it("reads an ONNX config with reshape, format and labels", () => {
    const r = parseConfigPbtxt(DENSENET_ONNX, { folderName: "densenet_onnx" });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.config).toMatchObject({
      name: "densenet_onnx",
      platform: "onnxruntime_onnx",
      maxBatchSize: 0,
      input: [{ name: "data_0", dataType: "TYPE_FP32", format: "FORMAT_NCHW", dims: [3, 224, 224], reshape: { shape: [1, 3, 224, 224] } }],
      output: [{ name: "fc6_1", dataType: "TYPE_FP32", dims: [1000], labelFilename: "densenet_labels.txt" }],
    });
  });

  it("reads instance groups, dynamic batching and a specific version policy", () => {
    const r = parseConfigPbtxt(RESNET_TRT);
    expect(r.errors).toEqual([]);
    expect(r.config).toMatchObject({
      maxBatchSize: 32,
      instanceGroup: [
        { kind: "KIND_GPU", count: 2, gpus: [0, 1] },
        { kind: "KIND_GPU", gpus: [2] },
      ],
      dynamicBatching: { preferredBatchSize: [4, 8], maxQueueDelayMicroseconds: 100 },
      versionPolicy: { specific: { versions: [1, 3] } },
    });
  });

  it("reads parameters as a map, and optional inputs", () => {
    const r = parseConfigPbtxt(BERT_PYTORCH);
    expect(r.errors).toEqual([]);
    expect(r.config!.parameters).toEqual({ INFERENCE_MODE: { stringValue: "true" }, ENABLE_NVFUSER: { stringValue: "false" } });
    expect(r.config!.input[1]).toEqual({ name: "INPUT__1", dataType: "TYPE_INT64", dims: [-1], optional: true });
  });

  it("keeps Triton fields it does not model, and accepts model_warmup", () => {
    const r = parseConfigPbtxt(TOKENIZER_PYTHON);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(Object.keys(r.config!.other)).toEqual(["sequence_batching"]);
    expect(r.config!.modelWarmup).toHaveLength(1);
    expect(r.config!.input[0]!.dataType).toBe("TYPE_STRING");
  });

  it("reads the FIL backend's documented example", () => {
    const r = parseConfigPbtxt(FIL_DOCS);
    expect(r.errors).toEqual([]);
    expect(r.config).toMatchObject({ backend: "fil", maxBatchSize: 32768, parameters: { model_type: { stringValue: "xgboost_ubj" } }, dynamicBatching: { preferredBatchSize: [] } });
  });

  it("reads the dynamic batcher's queue policy, Triton's defaults filled in", () => {
    const r = parseConfigPbtxt(`backend: "onnxruntime"\nmax_batch_size: 8\ndynamic_batching {\n  max_queue_delay_microseconds: 500\n  default_queue_policy { max_queue_size: 4 default_timeout_microseconds: 2000 }\n}`);
    expect(r.errors).toEqual([]);
    expect(r.config!.dynamicBatching).toEqual({
      preferredBatchSize: [],
      maxQueueDelayMicroseconds: 500,
      defaultQueuePolicy: { timeoutAction: "REJECT", defaultTimeoutMicroseconds: 2000, allowTimeoutOverride: false, maxQueueSize: 4 },
    });
    expect(errorsOf(`backend: "onnxruntime"\ndynamic_batching { default_queue_policy { timeout_action: DROP } }`).join("\n")).toContain(`unknown timeout action "DROP"`);
  });

  it("is JSON-serialisable", () => {
    const r = parseConfigPbtxt(TOKENIZER_PYTHON);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("accepts a config without inputs when the backend can auto-complete them, with a warning", () => {
    const r = parseConfigPbtxt(`platform: "tensorflow_savedmodel"\nmax_batch_size: 8`);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/no input declared: backend "tensorflow" may auto-complete/), expect.stringMatching(/no output declared/)]);
  });
});

describe("parseConfigPbtxt errors", () => {
  it("gives syntax errors as file:line:column", () => {
    const r = parseConfigPbtxt(`name: "m"\nplatform: "onnxruntime_onnx"\ninput [\n  { name: "a" data_type: TYPE_FP32 dims: [ 4 }\n]`, { fileName: "m/config.pbtxt" });
    expect(r.config).toBeNull();
    expect(r.errors).toEqual([{ severity: "error", kind: "syntax", message: `m/config.pbtxt:4:46: expected "," or "]" in a list, found "}"`, line: 4, column: 46 }]);
  });

  it("names an unknown data type at its position, listing the valid ones", () => {
    const [message] = errorsOf(`platform: "onnxruntime_onnx"\ninput [ { name: "a", data_type: TYPE_FLOAT32, dims: [ 1 ] } ]\noutput [ { name: "b", data_type: TYPE_FP32, dims: [ 1 ] } ]`);
    expect(message).toMatch(/^config\.pbtxt:2:33: unknown data type "TYPE_FLOAT32" for "data_type" \(expected one of TYPE_BOOL, .*TYPE_BF16\)$/);
    expect(message).not.toContain("TYPE_INVALID");
  });

  // A refused value used to come back as push()'s count of issues: the tensor's type read 1, its dims [4, 2].
  it("leaves a refused value out of the config: the type TYPE_INVALID with the text as written, refused dims dropped", () => {
    const r = parseConfigPbtxt(`platform: "onnxruntime_onnx"\ninput [ { name: "a", data_type: TYPE_FLOAT32, dims: [ 4, "x" ] } ]\noutput [ { name: "b", data_type: 99, dims: [ 1 ] } ]`);
    expect(r.errors).toHaveLength(3);
    expect(r.config!.input[0]).toMatchObject({ dataType: "TYPE_INVALID", unknownDataType: "TYPE_FLOAT32", dims: [4] });
    expect(r.config!.output[0]).toMatchObject({ dataType: "TYPE_INVALID", unknownDataType: "99", dims: [1] });
    expect(parseConfigPbtxt(`max_batch_size: "8"`).config!.maxBatchSize).toBe(0);
  });

  it("warns, without refusing, when the name differs from the folder (SageMaker registers the model under the target model's name)", () => {
    const parsed = parseConfigPbtxt(`\nname: "other"\nbackend: "python"`, { folderName: "mine" });
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings.map((w) => w.message)).toContain(
      `config.pbtxt:2:1: name "other" differs from the model folder "mine": SageMaker's Triton loads it anyway, registered under the target model's name (a plain Triton would refuse it)`,
    );
    expect(errorsOf(`backend: "python"`, "mine")).toEqual([]); // no name: Triton takes the folder's
  });

  it.each([
    [`max_batch_size: "8"`, `1:17: field "max_batch_size" expects an integer, found string "8"`],
    [`max_batch_size: 1.5`, `1:17: field "max_batch_size" expects an integer, found 1.5`],
    [`max_batch_size: 99999999999`, `1:17: field "max_batch_size" value 99999999999 is out of range`],
    [`name: "a"\nname: "b"`, `2:1: field "name" is set more than once`],
    [`name: a`, `1:7: field "name" expects a quoted string, found a`],
    [`input { name: "a" data_type: 11 dims: 1 optional: maybe }`, `1:51: field "optional" expects true or false, found maybe`],
    [`input: "x"`, `1:8: field "input" expects a message`],
    [`dynamic_batching { }\nsequence_batching { }`, `2:1: only one of dynamic_batching, sequence_batching, ensemble_scheduling may be set`],
    [`instance_group { kind: KIND_TPU }`, `1:24: unknown instance kind "KIND_TPU"`],
  ])("%j → %s", (text, expected) => {
    expect(errorsOf(`backend: "python"\n`.concat(text)).join("\n")).toContain(`config.pbtxt:${Number(expected.split(":")[0]) + 1}:${expected.slice(expected.indexOf(":") + 1)}`);
  });

  it.each([
    [`input { name: "a" data_type: TYPE_FP32 dims: [ 0 ] }`, `input "a" has dimension 0`],
    [`input { name: "a" data_type: TYPE_FP32 dims: [ -2 ] }`, `input "a" has dimension -2`],
    [`input { name: "a" data_type: TYPE_FP32 }`, `input "a" has no dims`],
    [`input { name: "a" dims: [ 1 ] }`, `input "a" has no data_type`],
    [`input { data_type: TYPE_FP32 dims: [ 1 ] }`, `an input has no name`],
    [`input { name: "a" data_type: TYPE_FP32 dims: [ 2, 3 ] reshape { shape: [ 5 ] } }`, `reshape [5] has 5 elements but dims [2, 3] have 6`],
    [`input [{ name: "a" data_type: TYPE_FP32 dims: 1 }, { name: "a" data_type: TYPE_FP32 dims: 1 }]`, `input "a" is declared more than once`],
    [`max_batch_size: -1`, `max_batch_size must be 0 or more`],
    [`default_model_filename: "../../etc/passwd"`, `default_model_filename must be a plain file name`],
    [`max_batch_size: 4\ndynamic_batching { preferred_batch_size: [ 8 ] }`, `preferred_batch_size 8 is larger than max_batch_size 4`],
    [`instance_group { kind: KIND_CPU gpus: [ 0 ] }`, `lists gpus but its kind is KIND_CPU`],
    [`version_policy { latest { num_versions: 0 } }`, `num_versions of 1 or more`],
    [`version_policy { specific { } }`, `version_policy specific lists no versions`],
  ])("semantic: %j", (text, expected) => {
    const full = `backend: "onnxruntime"\noutput { name: "o" data_type: TYPE_FP32 dims: [ 1 ] }\ninput { name: "i" data_type: TYPE_FP32 dims: [ 1 ] }\n${text}`;
    expect(errorsOf(full).join("\n")).toContain(expected);
  });

  it("refuses a config without inputs for a backend that cannot auto-complete", () => {
    expect(errorsOf(`backend: "fil"\nparameters { key: "model_type" value { string_value: "xgboost_json" } }`)).toEqual([
      `config.pbtxt: at least one input is required (backend "fil" cannot auto-complete it)`,
      `config.pbtxt: at least one output is required (backend "fil" cannot auto-complete it)`,
    ]);
  });

  it("keeps unknown fields and warns about them", () => {
    const r = parseConfigPbtxt(`backend: "python"\ncolour: "blue"\ninput { name: "a" data_type: TYPE_FP32 dims: 1 shiny: true }\noutput { name: "b" data_type: TYPE_FP32 dims: 1 }`);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      `config.pbtxt:2:1: unknown field "colour" in ModelConfig (kept, not used)`,
      `config.pbtxt:3:48: unknown field "shiny" in ModelInput (kept, not used)`,
    ]);
    expect(Object.keys(r.config!.unknown)).toEqual(["colour", "input[0].shiny"]);
  });

  it("never throws, whatever the text", () => {
    for (const text of ["", "{", "}", "a: [", "a <", "a: -", "\u0000", "a: '\\u12'", "a: 0x", "a: 1e", "x".repeat(10_000)]) {
      expect(() => parseConfigPbtxt(text)).not.toThrow();
    }
  });
});
