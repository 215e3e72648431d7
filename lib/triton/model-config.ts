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
}

export type VersionPolicy =
  | { latest: { numVersions: number } }
  | { all: Record<string, never> }
  | { specific: { versions: number[] } };
