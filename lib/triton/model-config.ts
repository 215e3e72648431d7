import type { TritonDataType } from "./data-types";
import type { PbtxtValue } from "./pbtxt/parse-pbtxt";

/**
 * The part of Triton's ModelConfig (model_config.proto) this project reads, in camelCase.
 * Defaults are filled in as protobuf does (0, "", empty lists); `undefined` means "not set"
 * where Triton tells the two apart. Plain data: JSON-serialisable.
 */
export interface ModelConfig {
  name?: string;
  platform?: string;
  backend?: string;
  runtime?: string;
  maxBatchSize: number;
  input: ModelTensor[];
  output: ModelTensor[];
  instanceGroup: InstanceGroup[];
  dynamicBatching?: DynamicBatching;
  /** `parameters { key: "k" value: { string_value: "v" } }`, as a map. */
  parameters: Record<string, { stringValue: string }>;
  versionPolicy?: VersionPolicy;
  /** An ensemble's steps (`platform: "ensemble"`). */
  ensembleScheduling?: { step: EnsembleStep[] };
  defaultModelFilename?: string;
  /** Accepted and kept as parsed; nothing here runs warmups. */
  modelWarmup: PbtxtValue[];
  /** Triton fields this project does not model (sequence_batching, optimization...), as parsed. */
  other: Record<string, PbtxtValue[]>;
  /** Fields Triton does not know either: kept as parsed, reported as warnings. */
  unknown: Record<string, PbtxtValue[]>;
}

export type TensorFormat = "FORMAT_NONE" | "FORMAT_NHWC" | "FORMAT_NCHW";

export interface ModelTensor {
  name: string;
  dataType: TritonDataType;
  /** What the config gave for data_type when it is no type Triton knows (dataType is then TYPE_INVALID). */
  unknownDataType?: string;
  /** -1 is a variable dimension. Excludes the batch dimension when maxBatchSize > 0. */
  dims: number[];
  reshape?: { shape: number[] };
  format?: TensorFormat;
  optional?: boolean;
  isShapeTensor?: boolean;
  allowRaggedBatch?: boolean;
  labelFilename?: string;
}

export type InstanceKind = "KIND_AUTO" | "KIND_GPU" | "KIND_CPU" | "KIND_MODEL";

export interface InstanceGroup {
  name?: string;
  kind: InstanceKind;
  count?: number;
  gpus: number[];
}

export interface DynamicBatching {
  preferredBatchSize: number[];
  maxQueueDelayMicroseconds: number;
  preserveOrdering?: boolean;
  defaultQueuePolicy?: QueuePolicy;
}

/** model_config.proto's ModelQueuePolicy; 0 is "no limit" for both numbers, as in Triton. */
export interface QueuePolicy {
  timeoutAction: "REJECT" | "DELAY";
  defaultTimeoutMicroseconds: number;
  allowTimeoutOverride: boolean;
  maxQueueSize: number;
}

/**
 * One step of an ensemble. The maps go from the composing model's tensor names (keys) to the
 * ensemble's tensor names (values), as model_config.proto documents them.
 */
export interface EnsembleStep {
  modelName: string;
  /** -1 (or 0, unset): the composing model's latest version. */
  modelVersion: number;
  inputMap: Record<string, string>;
  outputMap: Record<string, string>;
}

export type VersionPolicy =
  | { latest: { numVersions: number } }
  | { all: Record<string, never> }
  | { specific: { versions: number[] } };
