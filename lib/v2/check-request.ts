import type { ModelConfig, ModelTensor } from "../triton/model-config";
import { elementCount, v2TypeOf } from "./data-types";
import type { InferenceRequest } from "./inference-types";
import type { Tensor } from "./tensor";
import { V2FormatError } from "./v2-format-error";

export type ModelSignature = Pick<ModelConfig, "maxBatchSize" | "input" | "output">;

export type CheckedRequest = {
  /** The inputs as the model receives them: `reshape` applied. */
  inputs: Tensor[];
  /** The outputs to return, in the order asked; empty means all of the model's outputs. */
  outputs: string[];
  /** The request's batch size when the model batches (max_batch_size > 0), else null. */
  batchSize: number | null;
};

const fmt = (shape: readonly number[]) => `[${shape.join(",")}]`;

/**
 * Checks a request against the model's config.pbtxt as Triton does before running it: input
 * names (none unknown, every required one present), datatypes, and shapes. With
 * `max_batch_size > 0` the first dimension is the batch (1..max_batch_size, the same for every
 * input) and the config's `dims` describe the rest; `-1` matches any size. A config without
 * inputs (left to the backend's auto-complete) is not checked here. Throws V2FormatError.
 */
export function checkRequestAgainstConfig(request: InferenceRequest, config: ModelSignature, modelName: string): CheckedRequest {
  const batching = config.maxBatchSize > 0;
  let batchSize: number | null = null;
  const inputs = request.inputs.map((t) => {
    if (config.input.length === 0) return t;
    const spec = config.input.find((c) => c.name === t.name);
    if (!spec) {
      throw new V2FormatError(`unexpected inference input '${t.name}' for model '${modelName}'; its inputs are ${config.input.map((c) => `'${c.name}'`).join(", ")}`);
    }
    const expected = v2TypeOf(spec.dataType);
    if (t.datatype !== expected) {
      throw new V2FormatError(`inference input '${t.name}' has datatype ${t.datatype}, but model '${modelName}' expects ${expected}`);
    }
    let dims = t.shape;
    if (batching) {
      const batch = t.shape[0];
      if (batch === undefined || t.shape.length !== spec.dims.length + 1) {
        throw new V2FormatError(`unexpected shape for input '${t.name}' for model '${modelName}'. Expected ${fmt([-1, ...spec.dims])}, got ${fmt(t.shape)}`);
      }
      if (batch < 1 || batch > config.maxBatchSize) {
        throw new V2FormatError(`inference request batch-size must be between 1 and ${config.maxBatchSize} for '${modelName}', got ${batch}`);
      }
      if (batchSize !== null && batch !== batchSize) {
        throw new V2FormatError(`input '${t.name}' has batch size ${batch}, but another input of the request has ${batchSize}`);
      }
      batchSize = batch;
      dims = t.shape.slice(1);
    }
    if (!dimsMatch(dims, spec.dims)) {
      const expectedShape = batching ? [-1, ...spec.dims] : spec.dims;
      throw new V2FormatError(`unexpected shape for input '${t.name}' for model '${modelName}'. Expected ${fmt(expectedShape)}, got ${fmt(t.shape)}`);
    }
    return spec.reshape ? { ...t, shape: reshaped(t, spec, batching) } : t;
  });

  if (config.input.length > 0) {
    const given = new Set(request.inputs.map((t) => t.name));
    const missing = config.input.filter((c) => !c.optional && !given.has(c.name)).map((c) => `'${c.name}'`);
    if (missing.length > 0) {
      throw new V2FormatError(`model '${modelName}' expects ${config.input.length} inputs; the request is missing ${missing.join(", ")}`);
    }
  }

  const outputs: string[] = [];
  for (const o of request.outputs ?? []) {
    if (config.output.length > 0 && !config.output.some((c) => c.name === o.name)) {
      throw new V2FormatError(`unexpected inference output '${o.name}' for model '${modelName}'; its outputs are ${config.output.map((c) => `'${c.name}'`).join(", ")}`);
    }
    if (outputs.includes(o.name)) throw new V2FormatError(`output '${o.name}' is requested twice`);
    outputs.push(o.name);
  }
  return { inputs, outputs, batchSize };
}

function dimsMatch(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.length === expected.length && expected.every((d, i) => d === -1 || d === actual[i]);
}

/** The model-side shape of an input whose config says `reshape`: one -1 takes what is left. */
function reshaped(t: Tensor, spec: ModelTensor, batching: boolean): number[] {
  const target = spec.reshape!.shape;
  const lead = batching ? [t.shape[0]!] : [];
  const free = target.indexOf(-1);
  if (free === -1) return [...lead, ...target];
  const known = target.reduce((n, d) => (d === -1 ? n : n * d), 1);
  const perItem = elementCount(batching ? t.shape.slice(1) : t.shape);
  const out = [...target];
  out[free] = known === 0 ? 0 : perItem / known;
  return [...lead, ...out];
}
