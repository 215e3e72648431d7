import type { ModelConfig, ModelTensor } from "@/lib/triton/model-config";
import { v2TypeOf } from "@/lib/v2/data-types";
import type { V2DataType } from "@/lib/v2/tensor";

/** How config.pbtxt's tensors map onto a TorchScript forward(): by position, not by name. */
export type TorchSignature = {
  /** Input names in forward()'s argument order. */
  inputs: string[];
  /** Each declared output's position in what forward() returns, and its declared datatype. */
  outputs: { name: string; index: number; datatype: V2DataType | null }[];
};

const INDEXED = /__(\d+)$/;

/**
 * Triton's PyTorch backend: a TorchScript module has no tensor names, so `INPUT__0`, `INPUT__1`...
 * give forward()'s argument positions and `OUTPUT__0`... positions in the returned tuple. Names
 * without the `__<n>` suffix take their order in config.pbtxt, as older Triton releases did.
 */
export function torchSignature(config: Pick<ModelConfig, "input" | "output">): TorchSignature {
  return { inputs: ordered(config.input).map((t) => t.name), outputs: ordered(config.output).map(({ name, dataType }, i) => ({ name, index: indexOf(name) ?? i, datatype: v2TypeOf(dataType) })) };
}

/** Why the config cannot describe this model, or undefined: Triton refuses such a model at load. */
export function checkTorchSignature(sig: TorchSignature, forwardInputs: number | null, modelName: string): string | undefined {
  if (forwardInputs !== null && sig.inputs.length > forwardInputs) {
    return `failed to load model '${modelName}': config.pbtxt declares ${sig.inputs.length} inputs, but the model's forward() takes ${forwardInputs}`;
  }
  const seen = new Set<number>();
  for (const o of sig.outputs) {
    if (seen.has(o.index)) return `failed to load model '${modelName}': two outputs in config.pbtxt name position ${o.index}`;
    seen.add(o.index);
  }
  return undefined;
}

function ordered(tensors: readonly ModelTensor[]): ModelTensor[] {
  const allIndexed = tensors.every((t) => indexOf(t.name) !== undefined);
  return allIndexed ? [...tensors].sort((a, b) => indexOf(a.name)! - indexOf(b.name)!) : [...tensors];
}

function indexOf(name: string): number | undefined {
  const m = INDEXED.exec(name);
  return m ? Number(m[1]) : undefined;
}
