import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { instanceCount } from "@/lib/triton/instance-count";
import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import type { Tensor } from "@/lib/v2/tensor";
import { FOREST_MODEL_TYPES, ForestError, forestMemoryBytes, loadForest, outputColumns, predict, type ModelType, type PredictOptions } from "./load-forest";
import { ModelInputError, ModelLoadError, type LoadedModel, type ModelBackend } from "../model-backend";

/**
 * Triton's FIL backend on the pure TypeScript forest evaluator (./fil). As in FIL: one input
 * `input__0` FP32 [rows, features], one output `output__0` FP32 [rows, columns], and the
 * `output_class`, `predict_proba` and `threshold` parameters of config.pbtxt. Memory is the
 * forest's arrays, measured exactly (`forestMemoryBytes`), once per instance of the model's
 * instance groups: each of Triton's FIL instances loads the forest for itself, and the cache
 * accounts what SageMaker's would. Here the instances share one forest and evaluate on the
 * engine's thread, one batch at a time (the evaluator is synchronous TypeScript).
 */
export const filBackend: ModelBackend = {
  name: "fil",
  handles: (config) => config.backend === "fil",

  // The loaded arrays are far smaller than the model file; the version's files are a safe upper bound.
  estimateMemoryBytes: (files, config) => instanceCount(config) * files.bytes,

  async load(files, config): Promise<LoadedModel> {
    const modelType = filModelType(config);
    const options = predictOptions(config);
    const bytes = await readFile(join(files.modelDir, String(files.version), modelFile(config)));
    let forest;
    try {
      forest = loadForest(bytes, modelType);
      outputColumns(forest, options); // refuses output_class on a regression now, not per request
    } catch (err) {
      if (err instanceof ForestError) throw new ModelLoadError(`failed to load model '${config.name}': ${err.message}`);
      throw err;
    }
    const inputName = config.input[0]?.name ?? "input__0";
    const outputName = config.output[0]?.name ?? "output__0";
    return {
      memoryBytes: instanceCount(config) * forestMemoryBytes(forest),
      memorySource: "measured",
      async infer(inputs: Tensor[]): Promise<Tensor[]> {
        const input = inputs.find((t) => t.name === inputName);
        if (!input) throw new ModelInputError(`expected input '${inputName}'`);
        if (input.datatype !== "FP32" || !(input.data instanceof Float32Array)) throw new ModelInputError(`input '${inputName}' must be FP32`);
        const rows = input.shape[0] ?? 0;
        if (input.shape.length !== 2 || input.shape[1] !== forest.numFeatures) {
          throw new ModelInputError(`input '${inputName}' must have shape [rows, ${forest.numFeatures}], got [${input.shape.join(",")}]`);
        }
        try {
          const out = predict(forest, input.data, rows, options);
          return [{ name: outputName, datatype: "FP32", shape: [rows, outputColumns(forest, options)], data: out }];
        } catch (err) {
          if (err instanceof ForestError) throw new ModelInputError(err.message);
          throw err;
        }
      },
      async unload() {
        // Plain typed arrays: the garbage collector takes them once the cache lets go.
      },
    };
  },
};

function filModelType(config: ModelConfig): ModelType {
  const resolved = resolveModelFormat(config);
  const type = resolved.ok ? resolved.format.filModelType : undefined;
  if (!type || !(FOREST_MODEL_TYPES as readonly string[]).includes(type)) {
    throw new ModelLoadError(`the local engine's FIL backend runs model_type ${FOREST_MODEL_TYPES.join(", ")}, not "${type ?? "unknown"}"`, 501);
  }
  return type as ModelType;
}

function modelFile(config: ModelConfig): string {
  const resolved = resolveModelFormat(config);
  if (!resolved.ok) throw new ModelLoadError(resolved.reason);
  return resolved.format.modelFilename;
}

/** FIL's parameters are strings in config.pbtxt: "true"/"false" and a number. */
function predictOptions(config: ModelConfig): PredictOptions {
  const flag = (name: string) => config.parameters[name]?.stringValue.trim().toLowerCase() === "true";
  const threshold = config.parameters.threshold?.stringValue;
  const options: PredictOptions = { outputClass: flag("output_class"), predictProba: flag("predict_proba") };
  if (threshold !== undefined && threshold.trim() !== "") {
    const t = Number(threshold);
    if (!Number.isFinite(t)) throw new ModelLoadError(`parameter threshold must be a number, not "${threshold}"`);
    options.threshold = t;
  }
  return options;
}
