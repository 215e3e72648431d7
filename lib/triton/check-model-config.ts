import type { Loc } from "./convert-pbtxt-fields";
import type { ModelConfig, ModelTensor } from "./model-config";
import { resolveModelFormat } from "./model-files";

export interface SemanticIssue {
  severity: "error" | "warning";
  reason: string;
  /** Where the offending field was set, when it was. */
  at?: Loc;
}

/** Finds where a field of a converted object was set; undefined for defaults. */
export type LocOf = (obj: object, field?: string) => Loc | undefined;

/**
 * The rules Triton applies when it loads a config, so that a package that would fail to load
 * is refused at upload with the reason, not at the first invoke.
 */
export function checkModelConfig(config: ModelConfig, locOf: LocOf, folderName?: string): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const error = (reason: string, at?: Loc) => issues.push({ severity: "error", reason, at });
  const warn = (reason: string, at?: Loc) => issues.push({ severity: "warning", reason, at });

  // A plain Triton refuses this; SageMaker's registers the model under the target model's name and
  // replaces the config's (triton-inference-server/server src/sagemaker_server.cc, core
  // model_repository_manager.cc: "If the model is mapped, update its config name").
  if (folderName !== undefined && config.name !== undefined && config.name !== folderName) {
    warn(`name "${config.name}" differs from the model folder "${folderName}": SageMaker's Triton loads it anyway, registered under the target model's name (a plain Triton would refuse it)`, locOf(config, "name"));
  }
  if (config.maxBatchSize < 0) error(`max_batch_size must be 0 or more, not ${config.maxBatchSize}`, locOf(config, "maxBatchSize"));
  if (config.defaultModelFilename !== undefined && !isPlainFilename(config.defaultModelFilename)) {
    // The loader joins this name onto the version folder: a path here could reach outside it.
    error(`default_model_filename must be a plain file name, not "${config.defaultModelFilename}"`, locOf(config, "defaultModelFilename"));
  }

  const format = resolveModelFormat(config);
  const autoComplete = format.ok && format.format.autoComplete;
  for (const [kind, tensors] of [["input", config.input], ["output", config.output]] as const) {
    if (tensors.length === 0) {
      if (autoComplete) warn(`no ${kind} declared: backend "${format.ok ? format.format.backend : ""}" may auto-complete it from the model, so the console cannot show the signature until Triton loads it`);
      else error(`at least one ${kind} is required${format.ok ? ` (backend "${format.format.backend}" cannot auto-complete it)` : ""}`);
    }
    const seen = new Set<string>();
    for (const t of tensors) {
      checkTensor(t, kind, config.maxBatchSize, locOf, error);
      if (t.name && seen.has(t.name)) error(`${kind} "${t.name}" is declared more than once`, locOf(t));
      seen.add(t.name);
    }
  }

  for (const g of config.instanceGroup) {
    if (g.count !== undefined && g.count < 0) error(`instance_group count must be 0 or more, not ${g.count}`, locOf(g, "count"));
    if (g.gpus.some((n) => n < 0)) error(`instance_group gpus must be 0 or more`, locOf(g, "gpus"));
    if (g.gpus.length > 0 && g.kind !== "KIND_GPU") error(`instance_group lists gpus but its kind is ${g.kind}, not KIND_GPU`, locOf(g, "gpus"));
  }

  const db = config.dynamicBatching;
  if (db) {
    if (config.maxBatchSize === 0) warn(`dynamic_batching has no effect with max_batch_size 0`, locOf(db));
    for (const size of db.preferredBatchSize) {
      if (size < 1) error(`preferred_batch_size must be 1 or more, not ${size}`, locOf(db, "preferredBatchSize"));
      else if (config.maxBatchSize > 0 && size > config.maxBatchSize) error(`preferred_batch_size ${size} is larger than max_batch_size ${config.maxBatchSize}`, locOf(db, "preferredBatchSize"));
    }
  }

  const isEnsemble = config.platform === "ensemble";
  if (isEnsemble && !config.ensembleScheduling?.step.length) error(`an ensemble needs ensemble_scheduling with at least one step`, locOf(config, "platform"));
  if (!isEnsemble && config.ensembleScheduling) error(`ensemble_scheduling is only for platform "ensemble"`, locOf(config, "ensembleScheduling"));
  for (const s of config.ensembleScheduling?.step ?? []) {
    if (!s.modelName) error(`an ensemble step has no model_name`, locOf(s));
  }

  const vp = config.versionPolicy;
  if (vp && "latest" in vp && vp.latest.numVersions < 1) error(`version_policy latest needs num_versions of 1 or more`, locOf(vp, "latest"));
  if (vp && "specific" in vp) {
    if (vp.specific.versions.length === 0) error(`version_policy specific lists no versions`, locOf(vp, "specific"));
    if (vp.specific.versions.some((v) => v < 1)) error(`version_policy specific versions must be 1 or more`, locOf(vp, "specific"));
  }
  return issues;
}

function checkTensor(t: ModelTensor, kind: string, maxBatchSize: number, locOf: LocOf, error: (reason: string, at?: Loc) => void) {
  const label = t.name ? `${kind} "${t.name}"` : `an ${kind}`;
  if (!t.name) error(`${label} has no name`, locOf(t));
  if (t.dataType === "TYPE_INVALID") error(`${label} has no data_type`, locOf(t, "dataType") ?? locOf(t));
  // Triton requires dims even for a batched scalar (dims: [ 1 ], or reshape { shape: [] }).
  if (t.dims.length === 0 && !t.isShapeTensor) error(`${label} has no dims${maxBatchSize > 0 ? " (the batch dimension is implicit: a batched scalar is dims: [ 1 ])" : ""}`, locOf(t));
  const badDim = t.dims.find((d) => d < -1 || d === 0);
  if (badDim !== undefined) error(`${label} has dimension ${badDim}: each must be -1 (variable) or 1 or more`, locOf(t, "dims"));
  if (t.reshape) {
    const badShape = t.reshape.shape.find((d) => d < -1 || d === 0);
    if (badShape !== undefined) error(`${label} reshape has dimension ${badShape}: each must be -1 or 1 or more`, locOf(t, "reshape"));
    const fixed = (ds: number[]) => !ds.includes(-1);
    const count = (ds: number[]) => ds.reduce((a, b) => a * b, 1);
    if (badShape === undefined && badDim === undefined && fixed(t.dims) && fixed(t.reshape.shape) && count(t.dims) !== count(t.reshape.shape)) {
      error(`${label} reshape [${t.reshape.shape.join(", ")}] has ${count(t.reshape.shape)} elements but dims [${t.dims.join(", ")}] have ${count(t.dims)}`, locOf(t, "reshape"));
    }
  }
}

function isPlainFilename(name: string): boolean {
  return name.length > 0 && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}
