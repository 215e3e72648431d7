import { allocateTensorData, ELEMENT_BYTES, elementCount } from "@/lib/v2/data-types";
import type { Tensor, V2DataType } from "@/lib/v2/tensor";
import { tensorDataToBinary } from "@/lib/v2/tensor-binary";
import { ModelInputError } from "../model-backend";

/** How a tensor travels in a frame to or from a Python model: its header entry (the bytes follow in the body). */
export type PythonWireTensor = { name: string; dtype: V2DataType; shape: number[]; nbytes: number };

/**
 * The tensor as the worker reads it, which is Triton's binary tensor data (lib/v2's
 * tensorDataToBinary): numeric types little-endian (their bytes in memory on a little-endian host,
 * no copy), BYTES each element a u32 LE length and its bytes. numpy has no bfloat16 and Triton's
 * Python backend hands BF16 over only through DLPack, so BF16 is refused before reaching the model.
 */
export function pythonTensorToWire(t: Tensor): { spec: PythonWireTensor; bytes: Uint8Array } {
  if (t.datatype === "BF16") throw new ModelInputError(`the local engine's Python backend cannot take BF16 input '${t.name}': numpy has no bfloat16`);
  const bytes = tensorDataToBinary(t.datatype, t.data);
  return { spec: { name: t.name, dtype: t.datatype, shape: t.shape, nbytes: bytes.byteLength }, bytes };
}

/** An output from the worker's answer: numbers copied into a fresh typed array (the frame's bytes may be unaligned), BYTES split into elements. */
export function pythonTensorFromWire(spec: PythonWireTensor, bytes: Uint8Array): Tensor {
  const count = elementCount(spec.shape);
  if (spec.dtype === "BYTES") {
    const items: Uint8Array[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (offset + 4 > bytes.byteLength) throw new Error(`the worker returned BYTES output '${spec.name}' shorter than its shape [${spec.shape.join(",")}]`);
      const n = view.getUint32(offset, true);
      items.push(bytes.slice(offset + 4, offset + 4 + n));
      offset += 4 + n;
    }
    return { name: spec.name, datatype: "BYTES", shape: spec.shape, data: items };
  }
  const expected = count * ELEMENT_BYTES[spec.dtype]!;
  if (bytes.byteLength !== expected) throw new Error(`the worker returned ${bytes.byteLength} bytes for output '${spec.name}' of shape [${spec.shape.join(",")}], not ${expected}`);
  const data = allocateTensorData(spec.dtype, count);
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
  return { name: spec.name, datatype: spec.dtype, shape: spec.shape, data };
}
