import { checkModelConfig, type LocOf } from "./check-model-config";
import { MODEL_CONFIG } from "./config-schema";
import { camelCase, convertFields, type ConvertContext, type Loc } from "./convert-pbtxt-fields";
import type { TritonDataType } from "./data-types";
import type { DynamicBatching, EnsembleStep, InstanceGroup, InstanceKind, ModelConfig, ModelTensor, QueuePolicy, TensorFormat, VersionPolicy } from "./model-config";
import { parsePbtxt, type PbtxtValue } from "./pbtxt/parse-pbtxt";
import { PbtxtSyntaxError } from "./pbtxt/pbtxt-syntax-error";

export interface ConfigIssue {
  severity: "error" | "warning";
  /** syntax: the text is not protobuf text format; type: a field has the wrong name or type; semantic: Triton would refuse it. */
  kind: "syntax" | "type" | "semantic" | "unknown_field";
  /** Ready to show: `config.pbtxt:12:5: expected ...`. */
  message: string;
  line?: number;
  column?: number;
}

export interface ParsedConfig {
  /** Null only when the text is not valid text format; otherwise filled in as far as it could be. */
  config: ModelConfig | null;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export interface ParseConfigOptions {
  /** Used in messages; default "config.pbtxt". */
  fileName?: string;
  /** The model folder the config sits in: when given, `name` must equal it. */
  folderName?: string;
}

/** Parses a Triton config.pbtxt and checks it as Triton would on load. Never throws. */
export function parseConfigPbtxt(text: string, options: ParseConfigOptions = {}): ParsedConfig {
  const file = options.fileName ?? "config.pbtxt";
  const where = (at?: Loc) => (at ? `${file}:${at.line}:${at.column}` : file);
  const issue = (severity: ConfigIssue["severity"], kind: ConfigIssue["kind"], reason: string, at?: Loc): ConfigIssue => ({
    severity,
    kind,
    message: `${where(at)}: ${reason}`,
    ...(at ? { line: at.line, column: at.column } : {}),
  });

  let fields;
  try {
    fields = parsePbtxt(text);
  } catch (e) {
    if (!(e instanceof PbtxtSyntaxError)) throw e;
    return { config: null, errors: [issue("error", "syntax", e.reason, e)], warnings: [] };
  }

  const ctx: ConvertContext = { issues: [], unknown: {}, locs: new WeakMap() };
  const raw = convertFields(fields, MODEL_CONFIG, ctx, "", { line: 1, column: 1 });
  const config = toModelConfig(raw, ctx);
  const locOf: LocOf = (obj, field) => {
    const l = ctx.locs.get(obj);
    return field === undefined ? l?.self : l?.fields[field];
  };

  const all: ConfigIssue[] = ctx.issues.map((i) => issue(i.severity, i.kind, i.reason, i));
  // Semantic rules only make sense on a well-typed config; type errors alone already fail it.
  if (!all.some((i) => i.severity === "error")) {
    for (const s of checkModelConfig(config, locOf, options.folderName)) all.push(issue(s.severity, "semantic", s.reason, s.at));
  }
  return {
    config,
    errors: all.filter((i) => i.severity === "error"),
    warnings: all.filter((i) => i.severity === "warning"),
  };
}

type Raw = Record<string, unknown>;

/** Fills in protobuf defaults and gives the converted tree its typed shape, keeping field locations. */
function toModelConfig(raw: Raw, ctx: ConvertContext): ModelConfig {
  const keepLoc = <T extends object>(from: unknown, to: T): T => {
    const l = from && typeof from === "object" ? ctx.locs.get(from) : undefined;
    if (l) ctx.locs.set(to, l);
    return to;
  };
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const list = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);

  const tensor = (t: Raw): ModelTensor => {
    const reshape = t.reshape as Raw | undefined;
    const refusedType = ctx.locs.get(t)?.refused?.dataType;
    return keepLoc(t, {
      name: str(t.name) ?? "",
      dataType: (t.dataType as TritonDataType | undefined) ?? "TYPE_INVALID",
      ...(refusedType !== undefined ? { unknownDataType: refusedType } : {}),
      dims: list<number>(t.dims),
      ...(reshape ? { reshape: { shape: list<number>(reshape.shape) } } : {}),
      ...(t.format !== undefined ? { format: t.format as TensorFormat } : {}),
      ...(t.optional !== undefined ? { optional: t.optional as boolean } : {}),
      ...(t.isShapeTensor !== undefined ? { isShapeTensor: t.isShapeTensor as boolean } : {}),
      ...(t.allowRaggedBatch !== undefined ? { allowRaggedBatch: t.allowRaggedBatch as boolean } : {}),
      ...(t.labelFilename !== undefined ? { labelFilename: t.labelFilename as string } : {}),
    });
  };
  const group = (g: Raw): InstanceGroup =>
    keepLoc(g, {
      ...(g.name !== undefined ? { name: g.name as string } : {}),
      kind: (g.kind as InstanceKind | undefined) ?? "KIND_AUTO",
      ...(g.count !== undefined ? { count: g.count as number } : {}),
      gpus: list<number>(g.gpus),
    });
  const batching = (d: Raw): DynamicBatching =>
    keepLoc(d, {
      preferredBatchSize: list<number>(d.preferredBatchSize),
      maxQueueDelayMicroseconds: (d.maxQueueDelayMicroseconds as number | undefined) ?? 0,
      ...(d.preserveOrdering !== undefined ? { preserveOrdering: d.preserveOrdering as boolean } : {}),
      ...(d.defaultQueuePolicy ? { defaultQueuePolicy: queuePolicy(d.defaultQueuePolicy as Raw) } : {}),
    });
  const queuePolicy = (q: Raw): QueuePolicy =>
    keepLoc(q, {
      timeoutAction: (q.timeoutAction as QueuePolicy["timeoutAction"] | undefined) ?? "REJECT",
      defaultTimeoutMicroseconds: (q.defaultTimeoutMicroseconds as number | undefined) ?? 0,
      allowTimeoutOverride: (q.allowTimeoutOverride as boolean | undefined) ?? false,
      maxQueueSize: (q.maxQueueSize as number | undefined) ?? 0,
    });
  const policy = (p: Raw): VersionPolicy => {
    const latest = p.latest as Raw | undefined;
    const specific = p.specific as Raw | undefined;
    if (specific) return keepLoc(p, { specific: { versions: list<number>(specific.versions) } });
    if (p.all) return keepLoc(p, { all: {} });
    // An empty version_policy {} is Triton's default: the latest version only.
    return keepLoc(p, { latest: { numVersions: latest ? ((latest.numVersions as number | undefined) ?? 0) : 1 } });
  };

  const step = (s: Raw): EnsembleStep =>
    keepLoc(s, {
      modelName: str(s.modelName) ?? "",
      modelVersion: (s.modelVersion as number | undefined) ?? -1,
      inputMap: (s.inputMap as Record<string, string> | undefined) ?? {},
      outputMap: (s.outputMap as Record<string, string> | undefined) ?? {},
    });
  const ensemble = raw.ensembleScheduling as Raw | undefined;

  const parameters: ModelConfig["parameters"] = {};
  for (const [k, v] of Object.entries((raw.parameters as Record<string, Raw> | undefined) ?? {})) {
    parameters[k] = { stringValue: str(v.stringValue) ?? "" };
  }

  // Triton fields kept as parsed, by their proto names.
  const modelled = new Set(["name", "platform", "backend", "runtime", "max_batch_size", "input", "output", "instance_group", "dynamic_batching", "parameters", "version_policy", "default_model_filename", "model_warmup", "ensemble_scheduling"]);
  const other: Record<string, PbtxtValue[]> = {};
  for (const name of Object.keys(MODEL_CONFIG.fields)) {
    const v = raw[camelCase(name)];
    if (modelled.has(name) || v === undefined) continue;
    other[name] = Array.isArray(v) ? (v as PbtxtValue[]) : [v as PbtxtValue];
  }

  return keepLoc(raw, {
    ...(str(raw.name) !== undefined ? { name: str(raw.name) } : {}),
    ...(str(raw.platform) !== undefined ? { platform: str(raw.platform) } : {}),
    ...(str(raw.backend) !== undefined ? { backend: str(raw.backend) } : {}),
    ...(str(raw.runtime) !== undefined ? { runtime: str(raw.runtime) } : {}),
    maxBatchSize: (raw.maxBatchSize as number | undefined) ?? 0,
    input: list<Raw>(raw.input).map(tensor),
    output: list<Raw>(raw.output).map(tensor),
    instanceGroup: list<Raw>(raw.instanceGroup).map(group),
    ...(raw.dynamicBatching ? { dynamicBatching: batching(raw.dynamicBatching as Raw) } : {}),
    parameters,
    ...(raw.versionPolicy ? { versionPolicy: policy(raw.versionPolicy as Raw) } : {}),
    ...(str(raw.defaultModelFilename) !== undefined ? { defaultModelFilename: str(raw.defaultModelFilename) } : {}),
    ...(ensemble ? { ensembleScheduling: keepLoc(ensemble, { step: list<Raw>(ensemble.step).map(step) }) } : {}),
    modelWarmup: list<PbtxtValue>(raw.modelWarmup),
    other,
    unknown: ctx.unknown,
  });
}
