/**
 * KServe v2 tensors as the engine and the playground hold them. Data is typed by datatype:
 * numbers in a typed array (FP16 as its raw uint16 bits, BOOL as uint8 0/1, 64-bit ints as
 * BigInt64Array / BigUint64Array), BYTES as one Uint8Array per element. Row-major, like v2 JSON.
 */
export const V2_DATA_TYPES = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BF16", "BYTES"] as const;
export type V2DataType = (typeof V2_DATA_TYPES)[number];

export type TensorData =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | Uint8Array[];

export type Tensor = {
  name: string;
  datatype: V2DataType;
  shape: number[];
  data: TensorData;
  parameters?: Record<string, unknown>;
};
