import type { Tensor as OrtTensor } from "onnxruntime-node";
import { Tensor as OrtTensorClass } from "onnxruntime-node";
import type { Tensor, TensorData, V2DataType } from "@/lib/v2/tensor";
import { ModelInputError } from "../model-backend";

type OrtType = OrtTensor.Type;

/** v2 datatypes and onnxruntime's names for the same element types. BF16 has no JS type in onnxruntime. */
const ORT_TYPES: Partial<Record<V2DataType, OrtType>> = {
  BOOL: "bool",
  UINT8: "uint8",
  UINT16: "uint16",
  UINT32: "uint32",
  UINT64: "uint64",
  INT8: "int8",
  INT16: "int16",
  INT32: "int32",
  INT64: "int64",
  FP16: "float16",
  FP32: "float32",
  FP64: "float64",
  BYTES: "string",
};

const V2_TYPES = new Map(Object.entries(ORT_TYPES).map(([v2, ort]) => [ort, v2 as V2DataType]));

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function v2TypeOfOrt(type: string): V2DataType | undefined {
  return V2_TYPES.get(type as OrtType);
}

/** A request tensor as onnxruntime takes it: same buffer for numbers, strings decoded for BYTES. */
export function toOrtTensor(t: Tensor): OrtTensor {
  const type = ORT_TYPES[t.datatype];
  if (!type) throw new ModelInputError(`the local engine's onnxruntime backend cannot take ${t.datatype} input '${t.name}'`);
  if (type === "string") return new OrtTensorClass("string", (t.data as Uint8Array[]).map((b) => fromUtf8.decode(b)), t.shape);
  // FP16 is carried as its raw bits in a Uint16Array, which is what onnxruntime takes for float16.
  return new OrtTensorClass(type, t.data as Exclude<TensorData, Uint8Array[]>, t.shape);
}

/** An onnxruntime result, or its type, dims and data as a worker thread sent them back. */
export function fromOrtTensor(name: string, t: Pick<OrtTensor, "type" | "dims" | "data">): Tensor {
  const datatype = v2TypeOfOrt(t.type);
  if (!datatype) throw new Error(`output '${name}' has type ${t.type}, which KServe v2 cannot carry`);
  const shape = t.dims.map(Number);
  if (datatype === "BYTES") return { name, datatype, shape, data: (t.data as string[]).map((s) => utf8.encode(s)) };
  if (datatype === "BOOL") {
    const data = t.data as Uint8Array | boolean[];
    return { name, datatype, shape, data: data instanceof Uint8Array ? data : Uint8Array.from(data, (b) => (b ? 1 : 0)) };
  }
  return { name, datatype, shape, data: t.data as Exclude<TensorData, Uint8Array[]> };
}
