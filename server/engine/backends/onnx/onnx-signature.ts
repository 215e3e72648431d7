import type { InferenceSession } from "onnxruntime-node";
import type { ModelConfig } from "@/lib/triton/model-config";
import { v2TypeOf } from "@/lib/v2/data-types";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError } from "../model-backend";
import { v2TypeOfOrt } from "./ort-tensors";

type ValueMetadata = { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] };

/** A session, or the names and metadata a worker thread sent back for one. */
type SessionSignature = Pick<InferenceSession, "inputNames" | "outputNames" | "inputMetadata" | "outputMetadata">;

const metadataOf = (list: unknown): ValueMetadata[] => (Array.isArray(list) ? (list as ValueMetadata[]) : []);

/**
 * Why the config and the model disagree, or undefined: Triton refuses to load a model whose
 * config names inputs or outputs the model does not have, or gives them another type.
 */
export function checkOnnxSignature(session: SessionSignature, config: ModelConfig): string | undefined {
  const sides = [
    { kind: "input", declared: config.input, names: session.inputNames, meta: metadataOf(session.inputMetadata) },
    { kind: "output", declared: config.output, names: session.outputNames, meta: metadataOf(session.outputMetadata) },
  ];
  for (const { kind, declared, names, meta } of sides) {
    for (const t of declared) {
      if (!names.includes(t.name)) return `config.pbtxt names ${kind} '${t.name}', but the model's ${kind}s are ${names.map((n) => `'${n}'`).join(", ")}`;
      const m = meta.find((x) => x.name === t.name);
      const modelType = m?.isTensor && m.type ? v2TypeOfOrt(m.type) : undefined;
      const configType = v2TypeOf(t.dataType);
      if (modelType && configType && modelType !== configType) {
        return `${kind} '${t.name}' is ${configType} in config.pbtxt but ${modelType} in the model`;
      }
    }
  }
  return undefined;
}

/**
 * Checks what the config could not (a config that left inputs to auto-complete): names the
 * model has, the types and fixed dimensions it declares. Turns onnxruntime's terse errors into
 * a 400 the client can act on.
 */
export function checkOnnxInputs(session: SessionSignature, inputs: Tensor[]): void {
  const meta = metadataOf(session.inputMetadata);
  for (const t of inputs) {
    if (!session.inputNames.includes(t.name)) {
      throw new ModelInputError(`unexpected inference input '${t.name}'; the model's inputs are ${session.inputNames.map((n) => `'${n}'`).join(", ")}`);
    }
    const m = meta.find((x) => x.name === t.name);
    if (!m?.isTensor) continue;
    const expected = m.type ? v2TypeOfOrt(m.type) : undefined;
    if (expected && expected !== t.datatype) throw new ModelInputError(`input '${t.name}' has datatype ${t.datatype}, but the model expects ${expected}`);
    const dims = m.shape ?? [];
    const fits = dims.length === t.shape.length && dims.every((d, i) => typeof d !== "number" || d < 0 || d === t.shape[i]);
    if (m.shape && !fits) {
      throw new ModelInputError(`unexpected shape for input '${t.name}': the model expects [${dims.map((d) => (typeof d === "number" && d >= 0 ? d : -1)).join(",")}], got [${t.shape.join(",")}]`);
    }
  }
  const given = new Set(inputs.map((t) => t.name));
  const missing = session.inputNames.filter((n) => !given.has(n));
  if (missing.length > 0) throw new ModelInputError(`the request is missing input(s) ${missing.map((n) => `'${n}'`).join(", ")}`);
}
