import { groupCount } from "@/lib/triton/instance-count";
import type { InstanceGroup, ModelConfig, ModelTensor } from "@/lib/triton/model-config";
import type { PbtxtValue } from "@/lib/triton/pbtxt/parse-pbtxt";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One instance a Python model runs as, as `initialize(args)` reports it. */
export type PythonInstance = { kind: "CPU" | "GPU"; deviceId: number; groupName: string; instanceName: string };

/** An instance group as Triton completes it: named, of a definite kind, counted. */
export type PythonInstanceGroup = { name: string; kind: "CPU" | "GPU"; count: number; gpus: number[] };

/** Fields of model_config.proto that are lists even when given once (`other` keeps them as parsed). */
const REPEATED = new Set(["batch_input", "batch_output", "cc_model_filenames", "metric_tags"]);

/**
 * The instance groups Triton would run: config.pbtxt's, each named `<model>_<group index>` unless
 * the config names it, its kind definite (KIND_GPU → "GPU", KIND_CPU → "CPU"; KIND_AUTO: "GPU"
 * when the machine has one, as Triton's auto-complete does), its count (1 unless set) and, for a
 * GPU group, its GPUs (GPU 0 unless listed); one such group of one instance without any.
 */
export function pythonInstanceGroups(config: ModelConfig, modelName: string, machineHasGpu: boolean): PythonInstanceGroup[] {
  const groups: InstanceGroup[] = config.instanceGroup.length > 0 ? config.instanceGroup : [{ kind: "KIND_AUTO", gpus: [] }];
  return groups.map((group, i) => {
    const kind = group.kind === "KIND_GPU" || (group.kind === "KIND_AUTO" && machineHasGpu) ? "GPU" : "CPU";
    return { name: group.name || `${modelName}_${i}`, kind, count: groupCount(group), gpus: kind === "GPU" ? (group.gpus.length > 0 ? group.gpus : [0]) : [] };
  });
}

/**
 * Every instance Triton would create, in order, one `initialize(args)` each: per group, `count`
 * instances named `<group name>_<index within the group>`, a GPU group's i-th on
 * `gpus[i % gpus.length]`, a CPU instance on device 0. (Triton creates a GPU group's count on
 * each GPU it lists; the engine counts instances as instance_group's counts summed, see
 * lib/triton/instance-count.ts, and spreads them over the GPUs instead.)
 */
export function pythonInstances(groups: readonly PythonInstanceGroup[]): PythonInstance[] {
  return groups.flatMap((g) =>
    Array.from({ length: g.count }, (_, i) => ({ kind: g.kind, deviceId: g.kind === "GPU" ? g.gpus[i % g.gpus.length]! : 0, groupName: g.name, instanceName: `${g.name}_${i}` })),
  );
}

/**
 * config.pbtxt as Triton hands it to a Python model in `args["model_config"]`: the
 * model_config.proto JSON mapping with the proto's own (snake_case) field names, enums as their
 * names (`"TYPE_FP32"`, `"KIND_CPU"`), int64 fields as numbers (Triton's FixIntArray), the
 * defaults Triton fills in printed, `name` the name the model is registered under, and the
 * instance groups as Triton completes them (pythonInstanceGroups). Fields this project does not
 * model are converted from their parsed text as they were written.
 */
export function tritonConfigJson(config: ModelConfig, modelName: string, groups: readonly PythonInstanceGroup[]): Record<string, Json> {
  const out: Record<string, Json> = {
    name: modelName,
    platform: config.platform ?? "",
    backend: config.backend ?? "python",
    runtime: config.runtime ?? "",
    version_policy: versionPolicy(config),
    max_batch_size: config.maxBatchSize,
    input: config.input.map(input),
    output: config.output.map(output),
    batch_input: [],
    batch_output: [],
    instance_group: groups.map((g) => ({
      name: g.name,
      kind: g.kind === "GPU" ? "KIND_GPU" : "KIND_CPU",
      count: g.count,
      gpus: g.gpus,
      secondary_devices: [],
      profile: [],
      passive: false,
      host_policy: "",
    })),
    default_model_filename: config.defaultModelFilename ?? "model.py",
    cc_model_filenames: {},
    metric_tags: {},
    parameters: Object.fromEntries(Object.entries(config.parameters).map(([k, v]) => [k, { string_value: v.stringValue }])),
    model_warmup: config.modelWarmup.map(fromPbtxt),
  };
  if (config.dynamicBatching) {
    out.dynamic_batching = {
      preferred_batch_size: config.dynamicBatching.preferredBatchSize,
      max_queue_delay_microseconds: config.dynamicBatching.maxQueueDelayMicroseconds,
      preserve_ordering: config.dynamicBatching.preserveOrdering ?? false,
      priority_levels: 0,
      default_priority_level: 0,
      priority_queue_policy: {},
    };
  }
  for (const [name, values] of Object.entries(config.other)) {
    if (values.length === 0) continue;
    out[name] = REPEATED.has(name) || values.length > 1 ? values.map(fromPbtxt) : fromPbtxt(values[0]!);
  }
  return out;
}

function versionPolicy(config: ModelConfig): Json {
  const p = config.versionPolicy;
  if (!p || "latest" in p) return { latest: { num_versions: p && "latest" in p ? p.latest.numVersions : 1 } };
  if ("all" in p) return { all: {} };
  return { specific: { versions: p.specific.versions } };
}

function input(t: ModelTensor): Json {
  return {
    name: t.name,
    data_type: t.dataType,
    format: t.format ?? "FORMAT_NONE",
    dims: t.dims,
    ...(t.reshape ? { reshape: { shape: t.reshape.shape } } : {}),
    is_shape_tensor: t.isShapeTensor ?? false,
    allow_ragged_batch: t.allowRaggedBatch ?? false,
    optional: t.optional ?? false,
  };
}

function output(t: ModelTensor): Json {
  return {
    name: t.name,
    data_type: t.dataType,
    dims: t.dims,
    ...(t.reshape ? { reshape: { shape: t.reshape.shape } } : {}),
    label_filename: t.labelFilename ?? "",
    is_shape_tensor: t.isShapeTensor ?? false,
  };
}

/** A parsed text-format value as JSON, without a schema: a field set several times becomes a list. */
function fromPbtxt(v: PbtxtValue): Json {
  switch (v.kind) {
    case "string":
      return v.value;
    case "number":
      return v.value;
    case "identifier":
      return v.value === "true" ? true : v.value === "false" ? false : v.value;
    case "message": {
      const out: Record<string, Json> = {};
      const seen = new Map<string, Json[]>();
      for (const f of v.fields) {
        const list = seen.get(f.name) ?? [];
        list.push(fromPbtxt(f.value));
        seen.set(f.name, list);
      }
      for (const [name, list] of seen) out[name] = list.length === 1 ? list[0]! : list;
      return out;
    }
  }
}
