import { allocateTensorData, elementCount } from "./data-types";
import { numberToBf16Bits, numberToFp16Bits, bf16BitsToNumber, fp16BitsToNumber } from "./half-float";
import type { Tensor, TensorData, V2DataType } from "./tensor";
import { V2FormatError } from "./v2-format-error";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

const INT_RANGES: Partial<Record<V2DataType, readonly [number, number]>> = {
  UINT8: [0, 0xff],
  UINT16: [0, 0xffff],
  UINT32: [0, 0xffffffff],
  INT8: [-0x80, 0x7f],
  INT16: [-0x8000, 0x7fff],
  INT32: [-0x80000000, 0x7fffffff],
};

/**
 * Reads the JSON `data` of the tensor `label` names ("input 'X'"), flat or nested row-major as v2
 * allows, into typed data holding exactly as many elements as `shape`. Values are checked against the datatype:
 * BOOL takes booleans, integers must be whole and in range, BYTES takes strings (UTF-8).
 * 64-bit integers beyond 2^53 are refused: JSON.parse has rounded them before they get here;
 * binary keeps every bit.
 */
export function tensorDataFromJson(label: string, datatype: V2DataType, shape: readonly number[], data: unknown): TensorData {
  const count = countOf(label, shape);
  const flat = flatten(label, data);
  if (flat.length !== count) {
    throw new V2FormatError(`unexpected number of elements for ${label}: shape [${shape.join(",")}] holds ${count}, data has ${flat.length}`);
  }

  if (datatype === "BYTES") {
    return flat.map((v, i) => {
      if (typeof v !== "string") throw badElement(label, datatype, flat, i, "a string");
      return utf8.encode(v);
    });
  }
  const out = allocateTensorData(datatype, count);
  for (let i = 0; i < count; i++) {
    const v = flat[i];
    switch (datatype) {
      case "BOOL":
        if (typeof v !== "boolean") throw badElement(label, datatype, flat, i, "true or false");
        out[i] = v ? 1 : 0;
        break;
      case "FP32":
      case "FP64":
        if (typeof v !== "number") throw badElement(label, datatype, flat, i, "a number");
        out[i] = v;
        break;
      case "FP16":
      case "BF16":
        if (typeof v !== "number") throw badElement(label, datatype, flat, i, "a number");
        out[i] = datatype === "FP16" ? numberToFp16Bits(v) : numberToBf16Bits(v);
        break;
      case "INT64":
      case "UINT64":
        // JSON.parse has already rounded anything past 2^53; refuse it rather than send a different number.
        if (typeof v !== "number" || !Number.isSafeInteger(v) || (datatype === "UINT64" && v < 0)) throw badElement(label, datatype, flat, i, "an integer within ±2^53 (send larger ones in binary)");
        (out as BigInt64Array | BigUint64Array)[i] = BigInt(v);
        break;
      default: {
        const [min, max] = INT_RANGES[datatype]!;
        if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw badElement(label, datatype, flat, i, `an integer in [${min}, ${max}]`);
        out[i] = v;
      }
    }
  }
  return out;
}

/**
 * The JSON values of a tensor's data, flattened. 64-bit integers come back as bigint so the
 * response writer can print every digit (JSON.stringify cannot); FP16/BF16 as numbers.
 */
export function tensorDataToJson(tensor: Pick<Tensor, "datatype" | "data">): (number | boolean | string | bigint)[] {
  const { datatype, data } = tensor;
  if (datatype === "BYTES") return (data as Uint8Array[]).map((b) => fromUtf8.decode(b));
  if (datatype === "BOOL") return Array.from(data as Uint8Array, (v) => v !== 0);
  if (datatype === "FP16") return Array.from(data as Uint16Array, fp16BitsToNumber);
  if (datatype === "BF16") return Array.from(data as Uint16Array, bf16BitsToNumber);
  if (datatype === "INT64" || datatype === "UINT64") return Array.from(data as BigInt64Array | BigUint64Array);
  return Array.from(data as Exclude<TensorData, Uint8Array[] | BigInt64Array | BigUint64Array>);
}

function badElement(label: string, datatype: V2DataType, flat: unknown[], i: number, expected: string): V2FormatError {
  return new V2FormatError(`${label} (${datatype}): element ${i} is ${JSON.stringify(flat[i]) ?? "undefined"}, expected ${expected}`);
}

function countOf(label: string, shape: readonly number[]): number {
  try {
    return elementCount(shape);
  } catch (e) {
    throw new V2FormatError(`${label}: ${(e as Error).message}`);
  }
}

/** Nested arrays are row-major: flattening them in order gives v2's flat layout. */
function flatten(label: string, data: unknown): unknown[] {
  if (!Array.isArray(data)) throw new V2FormatError(`${label}: 'data' must be an array`);
  if (!data.some(Array.isArray)) return data;
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 64) throw new V2FormatError(`${label}: 'data' is nested too deeply`);
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else out.push(v);
  };
  walk(data, 0);
  return out;
}
