import type { EnsembleStep, ModelConfig } from "./model-config";

/** A composing model as the ensemble check needs it: its config, or why it has none. */
export type ComposingModel = { config: ModelConfig } | { missing: true } | { invalid: true };

export type EnsembleCheck = {
  errors: string[];
  warnings: string[];
  /** The steps in an order that runs each after the steps producing its inputs (when there are no errors). */
  order: EnsembleStep[];
};

/**
 * Triton's rules for an ensemble's graph (triton-inference-server/core
 * src/ensemble_scheduler/ensemble_utils.cc, and model_config.proto's EnsembleStep): every step
 * names a composing model that is in the package; each composing model's inputs are all mapped,
 * and only its real tensors appear in the maps, with matching data types; every ensemble tensor
 * a step reads is an ensemble input or produced by exactly one step; every ensemble output is
 * produced; the steps form no cycle; a composing model batches at least as far as the ensemble.
 * Nested ensembles are refused: the local engine does not run them.
 */
export function checkEnsemble(name: string, config: ModelConfig, composing: ReadonlyMap<string, ComposingModel>): EnsembleCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const steps = config.ensembleScheduling?.step ?? [];
  const dataTypeOf = new Map<string, string>(config.input.map((t) => [t.name, t.dataType]));
  const producer = new Map<string, number>();

  steps.forEach((step, i) => {
    const label = `ensemble "${name}" step ${i + 1} (${step.modelName || "no model_name"})`;
    const part = composing.get(step.modelName);
    if (!part || "missing" in part) {
      errors.push(`${label}: the package has no folder "${step.modelName}" holding that model (an ensemble's archive holds its composing models beside it)`);
      return;
    }
    if ("invalid" in part) {
      // Its own errors are reported with its folder; take its output_map at its word, so that later steps are not reported too.
      for (const ensembleTensor of Object.values(step.outputMap)) if (!producer.has(ensembleTensor)) producer.set(ensembleTensor, i);
      return;
    }
    const model = part.config;
    if (model.platform === "ensemble") errors.push(`${label}: "${step.modelName}" is itself an ensemble; nested ensembles are not supported by the local engine`);
    if (config.maxBatchSize > 0 && model.maxBatchSize < config.maxBatchSize) {
      errors.push(`ensemble "${name}" allows maximum batch size ${config.maxBatchSize}, but it contains model "${step.modelName}" which only allows maximum batch size to be ${model.maxBatchSize}`);
    }
    for (const input of model.input) {
      if (!(input.name in step.inputMap) && !input.optional) errors.push(`${label}: input "${input.name}" of model "${step.modelName}" is not mapped in input_map`);
    }
    for (const [modelTensor, ensembleTensor] of Object.entries(step.inputMap)) {
      const spec = model.input.find((t) => t.name === modelTensor);
      if (!spec) errors.push(`${label}: input_map names "${modelTensor}", which is not an input of model "${step.modelName}"`);
      else noteType(ensembleTensor, spec.dataType, `${label} input "${modelTensor}"`);
    }
    for (const [modelTensor, ensembleTensor] of Object.entries(step.outputMap)) {
      const spec = model.output.find((t) => t.name === modelTensor);
      if (!spec) {
        errors.push(`${label}: output_map names "${modelTensor}", which is not an output of model "${step.modelName}"`);
        continue;
      }
      if (producer.has(ensembleTensor) || config.input.some((t) => t.name === ensembleTensor)) {
        errors.push(`${label}: ensemble tensor "${ensembleTensor}" is written more than once (an ensemble input, or the output of another step)`);
        continue;
      }
      producer.set(ensembleTensor, i);
      noteType(ensembleTensor, spec.dataType, `${label} output "${modelTensor}"`);
    }
  });

  const isInput = (t: string) => config.input.some((i) => i.name === t);
  steps.forEach((step, i) => {
    for (const [modelTensor, ensembleTensor] of Object.entries(step.inputMap)) {
      if (!isInput(ensembleTensor) && !producer.has(ensembleTensor)) {
        errors.push(`ensemble "${name}" step ${i + 1} (${step.modelName}): input "${modelTensor}" reads ensemble tensor "${ensembleTensor}", which is neither an ensemble input nor any step's output`);
      }
    }
  });
  for (const out of config.output) {
    if (!producer.has(out.name)) errors.push(`ensemble "${name}": output "${out.name}" is not produced by any step's output_map`);
    else noteType(out.name, out.dataType, `ensemble "${name}" output "${out.name}"`);
  }
  for (const input of config.input) {
    if (!steps.some((s) => Object.values(s.inputMap).includes(input.name))) warnings.push(`ensemble "${name}": input "${input.name}" is not read by any step`);
  }

  const order = errors.length === 0 ? topologicalOrder(name, steps, producer, errors) : [];
  return { errors, warnings, order };

  /** The first declaration of a tensor's type wins; a later one that differs is Triton's type mismatch. */
  function noteType(tensor: string, dataType: string, where: string) {
    const known = dataTypeOf.get(tensor);
    if (known === undefined) dataTypeOf.set(tensor, dataType);
    else if (known !== dataType) errors.push(`${where} is ${dataType}, but ensemble tensor "${tensor}" is ${known}`);
  }
}

/** Kahn's algorithm over "step j reads a tensor step i writes"; a step left over is on a cycle. */
function topologicalOrder(name: string, steps: readonly EnsembleStep[], producer: ReadonlyMap<string, number>, errors: string[]): EnsembleStep[] {
  const deps = steps.map((s) => new Set(Object.values(s.inputMap).flatMap((t) => (producer.has(t) ? [producer.get(t)!] : []))));
  const done = new Set<number>();
  const order: EnsembleStep[] = [];
  while (done.size < steps.length) {
    const ready = steps.findIndex((_, i) => !done.has(i) && [...deps[i]!].every((d) => done.has(d)));
    if (ready === -1) {
      const cycle = steps.flatMap((s, i) => (done.has(i) ? [] : [`${i + 1} (${s.modelName})`]));
      errors.push(`ensemble "${name}": steps ${cycle.join(", ")} form a cycle (each waits for another's output)`);
      return [];
    }
    done.add(ready);
    order.push(steps[ready]!);
  }
  return order;
}
