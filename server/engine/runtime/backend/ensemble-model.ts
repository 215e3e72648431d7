import type { EnsembleStep, ModelConfig } from "@/lib/triton/model-config";
import { checkRequestAgainstConfig } from "@/lib/v2/check-request";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, type LoadedModel } from "../../backends/model-backend";

/** A composing model, loaded, with the config its step's tensors are checked against. */
export type EnsemblePart = { name: string; config: ModelConfig; loaded: LoadedModel };

/**
 * Triton's ensemble scheduler for one request: the ensemble's inputs are its first tensors; each
 * step (in an order where a step runs after the steps producing its inputs) gets its composing
 * model's inputs from them through `input_map`, is checked against that model's config as any
 * request is, runs, and adds its outputs through `output_map`. The ensemble answers with its
 * declared outputs. The composing models load, count against memory and unload together.
 */
export function ensembleModel(name: string, config: ModelConfig, order: readonly EnsembleStep[], parts: ReadonlyMap<string, EnsemblePart>): LoadedModel {
  const all = [...parts.values()];
  return {
    memoryBytes: all.reduce((sum, p) => sum + p.loaded.memoryBytes, 0),
    memorySource: all.every((p) => p.loaded.memorySource === "measured") ? "measured" : "estimated",
    async infer(inputs: Tensor[], outputs?: string[]): Promise<Tensor[]> {
      const tensors = new Map<string, Tensor>(inputs.map((t) => [t.name, t]));
      for (const step of order) {
        const part = parts.get(step.modelName)!;
        const stepInputs = Object.entries(step.inputMap).map(([modelInput, ensembleTensor]) => ({ ...tensors.get(ensembleTensor)!, name: modelInput }));
        const checked = checkRequestAgainstConfig({ inputs: stepInputs }, part.config, step.modelName);
        const produced = await part.loaded.infer(checked.inputs, Object.keys(step.outputMap));
        for (const [modelOutput, ensembleTensor] of Object.entries(step.outputMap)) {
          const t = produced.find((p) => p.name === modelOutput);
          if (!t) throw new ModelInputError(`in ensemble '${name}', model '${step.modelName}' did not produce output '${modelOutput}'`, 500);
          tensors.set(ensembleTensor, { ...t, name: ensembleTensor });
        }
      }
      return config.output.filter((o) => !outputs || outputs.includes(o.name)).map((o) => tensors.get(o.name)!);
    },
    async unload() {
      const failures = (await Promise.allSettled(all.map((p) => p.loaded.unload()))).filter((r) => r.status === "rejected");
      if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
    },
  };
}
