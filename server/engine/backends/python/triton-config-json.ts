import type { ModelConfig, ModelTensor } from "@/lib/triton/model-config";
import type { PbtxtValue } from "@/lib/triton/pbtxt/parse-pbtxt";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The instance a Python model runs as, as `initialize(args)` reports it. */
export type PythonInstance = { kind: "CPU" | "GPU"; deviceId: number; groupName: string; instanceName: string };

/** Fields of model_config.proto that are lists even when given once (`other` keeps them as parsed). */
const REPEATED = new Set(["batch_input", "batch_output", "cc_model_filenames", "metric_tags"]);

/**
 * The instance Triton would run: the first instance group's kind (KIND_GPU → "GPU", KIND_CPU →
 * "CPU"; KIND_AUTO or none: "GPU" when the machine has one, as Triton's auto-complete does) and
 * device, named `<group>_0` with the group named `<model>_0` unless the config names it.
 */
export function pythonInstance(config: ModelConfig, modelName: string, machineHasGpu: boolean): PythonInstance {
  const group = config.instanceGroup[0];
  const kind = group?.kind === "KIND_GPU" || ((group?.kind ?? "KIND_AUTO") === "KIND_AUTO" && machineHasGpu) ? "GPU" : "CPU";
  const groupName = group?.name || `${modelName}_0`;
  return { kind, deviceId: kind === "GPU" ? (group?.gpus[0] ?? 0) : 0, groupName, instanceName: `${groupName}_0` };
}

/**
 * config.pbtxt as Triton hands it to a Python model in `args["model_config"]`: the
 * model_config.proto JSON mapping with the proto's own (snake_case) field names, enums as their
 * names (`"TYPE_FP32"`, `"KIND_CPU"`), int64 fields as numbers (Triton's FixIntArray), the
 * defaults Triton fills in printed, `name` the name the model is registered under, and the
 * instance group Triton would auto-complete. Fields this project does not model are converted
 * from their parsed text as they were written.
 */
export function tritonConfigJson(config: ModelConfig, modelName: string, instance: PythonInstance): Record<string, Json> {
  const group = config.instanceGroup[0];
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
    instance_group: [
      {
        name: instance.groupName,
        kind: instance.kind === "GPU" ? "KIND_GPU" : "KIND_CPU",
        count: group?.count ?? 1,
        gpus: instance.kind === "GPU" ? (group?.gpus.length ? group.gpus : [instance.deviceId]) : [],
        secondary_devices: [],
        profile: [],
        passive: false,
        host_policy: "",
      },
      ...config.instanceGroup.slice(1).map((g, i) => ({ name: g.name || `${modelName}_${i + 1}`, kind: g.kind, count: g.count ?? 1, gpus: g.gpus, secondary_devices: [], profile: [], passive: false, host_policy: "" })),
    ],
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
