import { describe, expect, it } from "vitest";
import type { ModelConfig } from "../triton/model-config";
import { checkRequestAgainstConfig } from "./check-request";
import type { InferenceRequest } from "./inference-types";
import type { Tensor } from "./tensor";

const fp32 = (name: string, shape: number[]): Tensor => ({ name, datatype: "FP32", shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

const batched = {
  maxBatchSize: 8,
  input: [
    { name: "INPUT0", dataType: "TYPE_FP32", dims: [4] },
    { name: "INPUT1", dataType: "TYPE_FP32", dims: [4] },
  ],
  output: [{ name: "OUTPUT0", dataType: "TYPE_FP32", dims: [4] }],
} satisfies Pick<ModelConfig, "maxBatchSize" | "input" | "output">;

const unbatched = { ...batched, maxBatchSize: 0, input: batched.input.map((i) => ({ ...i, dims: [-1, 4] })) };

const check = (req: InferenceRequest, config: Pick<ModelConfig, "maxBatchSize" | "input" | "output"> = batched) => () => checkRequestAgainstConfig(req, config, "m");

describe("checkRequestAgainstConfig", () => {
  it("accepts a batch within max_batch_size and reports it", () => {
    const out = checkRequestAgainstConfig({ inputs: [fp32("INPUT0", [8, 4]), fp32("INPUT1", [8, 4])] }, batched, "m");
    expect(out.batchSize).toBe(8);
    expect(out.outputs).toEqual([]);
  });

  it("refuses a batch over max_batch_size, an empty batch, and inputs whose batches differ", () => {
    expect(check({ inputs: [fp32("INPUT0", [9, 4]), fp32("INPUT1", [9, 4])] })).toThrow(/batch-size must be between 1 and 8 for 'm', got 9/);
    expect(check({ inputs: [fp32("INPUT0", [0, 4]), fp32("INPUT1", [0, 4])] })).toThrow(/got 0/);
    expect(check({ inputs: [fp32("INPUT0", [2, 4]), fp32("INPUT1", [3, 4])] })).toThrow(/batch size 3, but another input of the request has 2/);
  });

  it("needs the batch dimension when the model batches, and none when it does not", () => {
    expect(check({ inputs: [fp32("INPUT0", [4]), fp32("INPUT1", [4])] })).toThrow(/Expected \[-1,4\], got \[4\]/);
    expect(check({ inputs: [fp32("INPUT0", [3, 4]), fp32("INPUT1", [3, 4])] }, unbatched)).not.toThrow();
    expect(check({ inputs: [fp32("INPUT0", [3, 5]), fp32("INPUT1", [3, 4])] }, unbatched)).toThrow(/unexpected shape for input 'INPUT0' for model 'm'. Expected \[-1,4\], got \[3,5\]/);
  });

  it("refuses unknown and missing inputs and the wrong datatype", () => {
    expect(check({ inputs: [fp32("INPUT0", [1, 4]), fp32("INPUT9", [1, 4])] })).toThrow(/unexpected inference input 'INPUT9' for model 'm'/);
    expect(check({ inputs: [fp32("INPUT0", [1, 4])] })).toThrow(/missing 'INPUT1'/);
    const ints: Tensor = { name: "INPUT1", datatype: "INT32", shape: [1, 4], data: new Int32Array(4) };
    expect(check({ inputs: [fp32("INPUT0", [1, 4]), ints] })).toThrow(/'INPUT1' has datatype INT32, but model 'm' expects FP32/);
  });

  it("checks requested outputs and keeps their order", () => {
    const inputs = [fp32("INPUT0", [1, 4]), fp32("INPUT1", [1, 4])];
    expect(checkRequestAgainstConfig({ inputs, outputs: [{ name: "OUTPUT0", binary: true }] }, batched, "m").outputs).toEqual(["OUTPUT0"]);
    expect(check({ inputs, outputs: [{ name: "NOPE", binary: false }] })).toThrow(/unexpected inference output 'NOPE'/);
  });

  it("applies reshape, resolving one -1 from the element count", () => {
    const config = { maxBatchSize: 4, input: [{ name: "x", dataType: "TYPE_FP32" as const, dims: [6], reshape: { shape: [-1, 3] } }], output: [] };
    const out = checkRequestAgainstConfig({ inputs: [fp32("x", [2, 6])] }, config, "m");
    expect(out.inputs[0]!.shape).toEqual([2, 2, 3]);
  });
});
