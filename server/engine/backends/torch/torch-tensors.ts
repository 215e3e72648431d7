import { allocateTensorData, ELEMENT_BYTES, elementCount } from "@/lib/v2/data-types";
import type { Tensor, V2DataType } from "@/lib/v2/tensor";
import { ModelInputError } from "../model-backend";

/**
 * The v2 datatypes the worker maps to torch dtypes (torch_worker.py's DTYPES). torch 1.13 has no
 * uint16/32/64 tensors, and Triton's PyTorch backend takes BYTES only as lists of strings, which
 * TorchScript models rarely use: those are refused with a 400 before reaching the worker.
 */
export const TORCH_V2_TYPES: ReadonlySet<V2DataType> = new Set(["BOOL", "UINT8", "INT8", "INT16", "INT32", "INT64", "FP16", "BF16", "FP32", "FP64"]);

/** How a tensor travels in a frame: its header entry, and its bytes as they are in memory. */
export type WireTensor = { dtype: V2DataType; shape: number[]; nbytes: number };

/** The tensor's own bytes (no copy): typed arrays are little-endian here, as the wire is. */
export function tensorToWire(t: Tensor): { spec: WireTensor; bytes: Uint8Array } {
  if (!TORCH_V2_TYPES.has(t.datatype) || Array.isArray(t.data)) {
    throw new ModelInputError(`the local engine's PyTorch backend cannot take ${t.datatype} input '${t.name}'`);
  }
  const data = t.data as Exclude<Tensor["data"], Uint8Array[]>;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { spec: { dtype: t.datatype, shape: t.shape, nbytes: bytes.byteLength }, bytes };
}

/** A tensor from a worker's answer, copied into a fresh typed array (the frame's bytes may be unaligned). */
export function tensorFromWire(name: string, spec: WireTensor, bytes: Uint8Array): Tensor {
  if (!TORCH_V2_TYPES.has(spec.dtype)) throw new Error(`the worker returned output '${name}' as ${spec.dtype}`);
  const count = elementCount(spec.shape);
  const expected = count * ELEMENT_BYTES[spec.dtype]!;
  if (bytes.byteLength !== expected) throw new Error(`the worker returned ${bytes.byteLength} bytes for output '${name}' of shape [${spec.shape.join(",")}], not ${expected}`);
  const data = allocateTensorData(spec.dtype as Exclude<V2DataType, "BYTES">, count);
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
  return { name, datatype: spec.dtype, shape: spec.shape, data };
}
