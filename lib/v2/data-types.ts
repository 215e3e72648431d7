import { TRITON_DATA_TYPES, type TritonDataType } from "../triton/data-types";
import { V2_DATA_TYPES, type TensorData, type V2DataType } from "./tensor";

/** Bytes per element on the wire; null for BYTES, whose elements are length-prefixed. */
export const ELEMENT_BYTES: Record<V2DataType, number | null> = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
  BF16: 2,
  BYTES: null,
};

export function isV2DataType(name: unknown): name is V2DataType {
  return typeof name === "string" && (V2_DATA_TYPES as readonly string[]).includes(name);
}

/** config.pbtxt's `TYPE_FP32` is `FP32` on the wire (`TYPE_STRING` is `BYTES`). */
export function v2TypeOf(tritonType: TritonDataType): V2DataType | null {
  return TRITON_DATA_TYPES[tritonType].kserve;
}

/** A zeroed typed array of `count` elements of a fixed-size type (not BYTES). */
export function allocateTensorData(datatype: Exclude<V2DataType, "BYTES">, count: number): Exclude<TensorData, Uint8Array[]> {
  switch (datatype) {
    case "BOOL":
    case "UINT8":
      return new Uint8Array(count);
    case "UINT16":
    case "FP16":
    case "BF16":
      return new Uint16Array(count);
    case "UINT32":
      return new Uint32Array(count);
    case "UINT64":
      return new BigUint64Array(count);
    case "INT8":
      return new Int8Array(count);
    case "INT16":
      return new Int16Array(count);
    case "INT32":
      return new Int32Array(count);
    case "INT64":
      return new BigInt64Array(count);
    case "FP32":
      return new Float32Array(count);
    case "FP64":
      return new Float64Array(count);
  }
}

/** Number of elements a shape holds; throws on a dimension that is not a non-negative integer. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`invalid dimension ${String(d)} in shape [${shape.join(",")}]`);
    n *= d;
  }
  return n;
}
