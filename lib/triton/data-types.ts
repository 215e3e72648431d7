/**
 * Triton's tensor data types (model_config.proto `DataType`), in enum order so a config may
 * also give the number. `bytes` is the element size (null: variable-length strings); `kserve`
 * is the KServe v2 protocol's name for the type, used on the wire.
 */
export const TRITON_DATA_TYPES = {
  TYPE_INVALID: { bytes: null, kserve: null },
  TYPE_BOOL: { bytes: 1, kserve: "BOOL" },
  TYPE_UINT8: { bytes: 1, kserve: "UINT8" },
  TYPE_UINT16: { bytes: 2, kserve: "UINT16" },
  TYPE_UINT32: { bytes: 4, kserve: "UINT32" },
  TYPE_UINT64: { bytes: 8, kserve: "UINT64" },
  TYPE_INT8: { bytes: 1, kserve: "INT8" },
  TYPE_INT16: { bytes: 2, kserve: "INT16" },
  TYPE_INT32: { bytes: 4, kserve: "INT32" },
  TYPE_INT64: { bytes: 8, kserve: "INT64" },
  TYPE_FP16: { bytes: 2, kserve: "FP16" },
  TYPE_FP32: { bytes: 4, kserve: "FP32" },
  TYPE_FP64: { bytes: 8, kserve: "FP64" },
  TYPE_STRING: { bytes: null, kserve: "BYTES" },
  TYPE_BF16: { bytes: 2, kserve: "BF16" },
} as const;

export type TritonDataType = keyof typeof TRITON_DATA_TYPES;

export const DATA_TYPE_NAMES = Object.keys(TRITON_DATA_TYPES) as TritonDataType[];
