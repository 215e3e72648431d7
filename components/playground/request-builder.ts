import type { V2Request } from "@/lib/schemas/invoke";
import type { SignatureView, TensorSpecView } from "@/lib/schemas/model-views";

/** One input field of the playground form: its shape (editable where dims are -1) and values as text. */
export type InputField = { name: string; datatype: string; shape: number[]; text: string };

/** Triton's TYPE_FP32 -> KServe v2's FP32 (TYPE_STRING is v2's BYTES). */
export function v2DataType(tritonType: string): string {
  const t = tritonType.replace(/^TYPE_/, "");
  return t === "STRING" ? "BYTES" : t;
}

/** The shape to start from: the batch dim (when max_batch_size > 0) and every variable dim as 1. */
export function defaultShape(spec: TensorSpecView, maxBatchSize: number): number[] {
  const dims = spec.dims.map((d) => (d < 0 ? 1 : d));
  return maxBatchSize > 0 ? [1, ...dims] : dims;
}

export function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

const INT_RANGES: Record<string, [number, number]> = {
  BOOL: [0, 1],
  UINT8: [0, 255],
  INT8: [-128, 127],
  UINT16: [0, 1000],
  INT16: [-1000, 1000],
};

/** Values to fill a field with: random in a sensible range, or a recognisable example (0, 1, 2...). */
export function fillValues(datatype: string, count: number, kind: "random" | "example", random: () => number = Math.random): string {
  const values = Array.from({ length: count }, (_, i) => {
    if (datatype === "BYTES") return kind === "example" ? `text ${i}` : Math.random().toString(36).slice(2, 8);
    if (datatype.startsWith("FP") || datatype === "BF16") return kind === "example" ? String(i) : (random() * 2 - 1).toFixed(4);
    const [lo, hi] = INT_RANGES[datatype] ?? [-100, 100];
    return kind === "example" ? String(Math.min(hi, lo + i)) : String(Math.floor(lo + random() * (hi - lo + 1)));
  });
  return values.join(", ");
}

export function initialFields(sig: SignatureView): InputField[] {
  return sig.inputs.map((spec) => {
    const shape = defaultShape(spec, sig.maxBatchSize);
    const datatype = v2DataType(spec.dataType);
    return { name: spec.name, datatype, shape, text: fillValues(datatype, elementCount(shape), "example") };
  });
}

/**
 * The v2 JSON request for the form's fields, or the first problem to show beside a field:
 * every value parses for its type and there are exactly as many as the shape holds.
 */
export function buildV2Request(fields: InputField[]): { request: V2Request } | { error: string; field: string } {
  const inputs: V2Request["inputs"] = [];
  for (const f of fields) {
    const raw = f.text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    const want = elementCount(f.shape);
    if (raw.length !== want) return { field: f.name, error: `${f.name}: shape [${f.shape.join(", ")}] needs ${want} values, got ${raw.length}` };
    let data: unknown[];
    if (f.datatype === "BYTES") data = raw;
    else if (f.datatype === "BOOL") data = raw.map((v) => v === "1" || v.toLowerCase() === "true");
    else {
      const nums = raw.map(Number);
      const bad = raw.find((_, i) => !Number.isFinite(nums[i]!) || (!f.datatype.startsWith("FP") && f.datatype !== "BF16" && !Number.isInteger(nums[i]!)));
      if (bad !== undefined) return { field: f.name, error: `${f.name}: "${bad}" is not a valid ${f.datatype}` };
      data = nums;
    }
    inputs.push({ name: f.name, shape: f.shape, datatype: f.datatype, data });
  }
  return { request: { inputs } };
}
