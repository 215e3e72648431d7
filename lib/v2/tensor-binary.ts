import { allocateTensorData, ELEMENT_BYTES, elementCount } from "./data-types";
import type { TensorData, V2DataType } from "./tensor";
import { V2FormatError } from "./v2-format-error";

// Typed arrays use the host's byte order; the wire is little-endian. Every browser and Node
// target is little-endian in practice, but a big-endian host swaps rather than corrupts.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads a tensor's raw bytes (Triton's binary tensor data extension): little-endian, row-major,
 * no padding; BOOL one byte per element; BYTES as a 4-byte little-endian length then the bytes,
 * per element. The byte count must match the shape exactly.
 */
export function tensorDataFromBinary(label: string, datatype: V2DataType, shape: readonly number[], bytes: Uint8Array): TensorData {
  let count: number;
  try {
    count = elementCount(shape);
  } catch (e) {
    throw new V2FormatError(`${label}: ${(e as Error).message}`);
  }
  const size = ELEMENT_BYTES[datatype];
  if (size === null) return readLengthPrefixed(label, bytes, count);
  if (bytes.byteLength !== count * size) {
    throw new V2FormatError(`${label}: ${datatype} shape [${shape.join(",")}] needs ${count * size} bytes of binary data, got ${bytes.byteLength}`);
  }
  const out = allocateTensorData(datatype as Exclude<V2DataType, "BYTES">, count);
  const view = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  view.set(bytes);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes(view, size);
  return out;
}

/** The wire bytes of tensor data (see tensorDataFromBinary). */
export function tensorDataToBinary(datatype: V2DataType, data: TensorData): Uint8Array {
  if (datatype === "BYTES") return writeLengthPrefixed(data as Uint8Array[]);
  const typed = data as Exclude<TensorData, Uint8Array[]>;
  const view = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  if (HOST_IS_LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytes(copy, ELEMENT_BYTES[datatype]!);
  return copy;
}

function readLengthPrefixed(label: string, bytes: Uint8Array, count: number): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    if (at + 4 > bytes.byteLength) throw new V2FormatError(`${label}: BYTES element ${out.length} has a truncated length prefix`);
    const n = view.getUint32(at, true);
    at += 4;
    if (at + n > bytes.byteLength) throw new V2FormatError(`${label}: BYTES element ${out.length} declares ${n} bytes, only ${bytes.byteLength - at} remain`);
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  if (out.length !== count) throw new V2FormatError(`${label}: expected ${count} BYTES elements in binary data, got ${out.length}`);
  return out;
}

function writeLengthPrefixed(items: Uint8Array[]): Uint8Array {
  const total = items.reduce((n, b) => n + 4 + b.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const b of items) {
    view.setUint32(at, b.byteLength, true);
    out.set(b, at + 4);
    at += 4 + b.byteLength;
  }
  return out;
}

function swapBytes(view: Uint8Array, size: number): void {
  for (let i = 0; i < view.length; i += size) view.subarray(i, i + size).reverse();
}
