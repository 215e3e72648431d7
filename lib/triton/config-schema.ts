import { DATA_TYPE_NAMES } from "./data-types";

/**
 * The slice of Triton's model_config.proto that the text is checked against: field names,
 * scalar types and ranges, enums, nesting. Fields marked `raw` are Triton's but not modelled
 * here: they are accepted as any message and kept as parsed.
 */
export type FieldSpec =
  | { type: "string" | "bool" | "float"; repeated?: boolean }
  | { type: "int"; min: number; max: number; repeated?: boolean }
  | { type: "enum"; values: readonly string[]; what: string; repeated?: boolean }
  | { type: "message"; of: MessageSpec; repeated?: boolean }
  | { type: "map"; of: MessageSpec }
  /** map<string, string>: `input_map { key: "a" value: "b" }`. */
  | { type: "string-map" }
  | { type: "raw"; repeated?: boolean };

export interface MessageSpec {
  name: string;
  fields: Record<string, FieldSpec>;
  /** Groups of fields of which at most one may be set (proto `oneof`). */
  oneofs?: string[][];
}

const INT32 = { type: "int", min: -(2 ** 31), max: 2 ** 31 - 1 } as const;
const UINT32 = { type: "int", min: 0, max: 2 ** 32 - 1 } as const;
// int64/uint64 beyond 2^53 cannot round-trip through a JS number: refused rather than rounded.
const INT64 = { type: "int", min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;
const UINT64 = { type: "int", min: 0, max: Number.MAX_SAFE_INTEGER } as const;
const STRING = { type: "string" } as const;
const BOOL = { type: "bool" } as const;
const RAW = { type: "raw" } as const;
const RAW_LIST = { type: "raw", repeated: true } as const;

const DATA_TYPE = { type: "enum", values: DATA_TYPE_NAMES, what: "data type" } as const;

const RESHAPE: MessageSpec = { name: "ModelTensorReshape", fields: { shape: { ...INT64, repeated: true } } };

const MODEL_INPUT: MessageSpec = {
  name: "ModelInput",
  fields: {
    name: STRING,
    data_type: DATA_TYPE,
    format: { type: "enum", values: ["FORMAT_NONE", "FORMAT_NHWC", "FORMAT_NCHW"], what: "format" },
    dims: { ...INT64, repeated: true },
    reshape: { type: "message", of: RESHAPE },
    is_shape_tensor: BOOL,
    allow_ragged_batch: BOOL,
    optional: BOOL,
    is_non_linear_format_io: BOOL,
  },
};

const MODEL_OUTPUT: MessageSpec = {
  name: "ModelOutput",
  fields: {
    name: STRING,
    data_type: DATA_TYPE,
    dims: { ...INT64, repeated: true },
    reshape: { type: "message", of: RESHAPE },
    label_filename: STRING,
    is_shape_tensor: BOOL,
    is_non_linear_format_io: BOOL,
  },
};

const INSTANCE_GROUP: MessageSpec = {
  name: "ModelInstanceGroup",
  fields: {
    name: STRING,
    kind: { type: "enum", values: ["KIND_AUTO", "KIND_GPU", "KIND_CPU", "KIND_MODEL"], what: "instance kind" },
    count: INT32,
    rate_limiter: RAW,
    gpus: { ...INT32, repeated: true },
    secondary_devices: RAW_LIST,
    profile: { type: "string", repeated: true },
    passive: BOOL,
    host_policy: STRING,
  },
};

/** model_config.proto's ModelQueuePolicy. */
const QUEUE_POLICY: MessageSpec = {
  name: "ModelQueuePolicy",
  fields: {
    timeout_action: { type: "enum", values: ["REJECT", "DELAY"], what: "timeout action" },
    default_timeout_microseconds: UINT64,
    allow_timeout_override: BOOL,
    max_queue_size: UINT32,
  },
};

const DYNAMIC_BATCHING: MessageSpec = {
  name: "ModelDynamicBatching",
  fields: {
    preferred_batch_size: { ...INT32, repeated: true },
    max_queue_delay_microseconds: UINT64,
    preserve_ordering: BOOL,
    priority_levels: UINT64,
    default_priority_level: UINT64,
    default_queue_policy: { type: "message", of: QUEUE_POLICY },
    priority_queue_policy: RAW_LIST,
  },
};

const VERSION_POLICY: MessageSpec = {
  name: "ModelVersionPolicy",
  fields: {
    latest: { type: "message", of: { name: "Latest", fields: { num_versions: UINT32 } } },
    all: { type: "message", of: { name: "All", fields: {} } },
    specific: { type: "message", of: { name: "Specific", fields: { versions: { ...INT64, repeated: true } } } },
  },
  oneofs: [["latest", "all", "specific"]],
};

const ENSEMBLE_STEP: MessageSpec = {
  name: "Step",
  fields: {
    model_name: STRING,
    model_version: INT64,
    input_map: { type: "string-map" },
    output_map: { type: "string-map" },
    model_namespace: STRING,
  },
};

const ENSEMBLE_SCHEDULING: MessageSpec = { name: "ModelEnsembling", fields: { step: { type: "message", of: ENSEMBLE_STEP, repeated: true } } };

const MODEL_PARAMETER: MessageSpec = { name: "ModelParameter", fields: { string_value: STRING } };

export const MODEL_CONFIG: MessageSpec = {
  name: "ModelConfig",
  fields: {
    name: STRING,
    platform: STRING,
    backend: STRING,
    runtime: STRING,
    version_policy: { type: "message", of: VERSION_POLICY },
    max_batch_size: INT32,
    input: { type: "message", of: MODEL_INPUT, repeated: true },
    output: { type: "message", of: MODEL_OUTPUT, repeated: true },
    batch_input: RAW_LIST,
    batch_output: RAW_LIST,
    optimization: RAW,
    dynamic_batching: { type: "message", of: DYNAMIC_BATCHING },
    sequence_batching: RAW,
    ensemble_scheduling: { type: "message", of: ENSEMBLE_SCHEDULING },
    instance_group: { type: "message", of: INSTANCE_GROUP, repeated: true },
    default_model_filename: STRING,
    cc_model_filenames: RAW_LIST,
    metric_tags: RAW_LIST,
    parameters: { type: "map", of: MODEL_PARAMETER },
    model_warmup: RAW_LIST,
    model_operations: RAW,
    model_transaction_policy: RAW,
    model_repository_agents: RAW,
    response_cache: RAW,
    model_metrics: RAW,
  },
  oneofs: [["dynamic_batching", "sequence_batching", "ensemble_scheduling"]],
};
