import type { V2Request } from "@/lib/schemas/invoke";
import type { SignatureView, TensorSpecView } from "@/lib/schemas/model-views";

/**
 * One input field of the playground form: its shape and values as typed (the shape is kept as
 * text, so "2,x" stays on screen to be corrected rather than read as 2,0), and the dims the
 * signature allows (the batch dim first when the model batches; -1 where any size goes).
 */
export type InputField = { name: string; datatype: string; shapeText: string; allowed: number[]; text: string };

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

/** The dims a request may send for an input: the batch dim (any size) first when the model batches. */
export function allowedDims(spec: TensorSpecView, maxBatchSize: number): number[] {
  return maxBatchSize > 0 ? [-1, ...spec.dims] : [...spec.dims];
}

/**
 * The shape typed for a field, or why it cannot be sent: every dimension a whole number of at
 * least 1 (a zero-size tensor is never sent), as many as the signature has, and each fixed one
 * equal to the signature's.
 */
export function parseShape(f: Pick<InputField, "name" | "shapeText" | "allowed">): { shape: number[] } | { error: string } {
  const parts = f.shapeText.split(",").map((s) => s.trim());
  const where = `${f.name}: shape "${f.shapeText}"`;
  const notWhole = parts.find((p) => !/^-?\d+$/.test(p));
  if (notWhole !== undefined) return { error: notWhole === "" ? `${where} has an empty dimension` : `${where}: "${notWhole}" is not a whole number` };
  const shape = parts.map(Number);
  if (shape.some((d) => d < 1)) return { error: `${where}: every dimension must be at least 1` };
  if (shape.length !== f.allowed.length) return { error: `${where} has ${shape.length} dimensions; the model's signature has ${f.allowed.length} ([${f.allowed.join(", ")}])` };
  const off = f.allowed.findIndex((d, i) => d >= 0 && d !== shape[i]);
  if (off >= 0) return { error: `${f.name}: dimension ${off + 1} is ${f.allowed[off]} in the model's signature, not ${shape[off]}` };
  return { shape };
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
    return { name: spec.name, datatype, shapeText: shape.join(","), allowed: allowedDims(spec, sig.maxBatchSize), text: fillValues(datatype, elementCount(shape), "example") };
  });
}

/**
 * The playground's "example" request for a signature (every variable dim 1, values 0, 1, 2...):
 * the same input the console verifies each new version with, so a verified version answers it.
 */
export function exampleRequest(sig: SignatureView): { request: V2Request } | { error: string } {
  return buildV2Request(initialFields(sig));
}

/**
 * The v2 JSON request for the form's fields, or the first problem to show beside a field: the
 * shape is one the signature takes, every value parses for its type and there are exactly as many
 * as the shape holds. `on` says whether the shape or the values are wrong.
 */
export function buildV2Request(fields: InputField[]): { request: V2Request } | { error: string; field: string; on: "shape" | "values" } {
  const inputs: V2Request["inputs"] = [];
  for (const f of fields) {
    const parsed = parseShape(f);
    if ("error" in parsed) return { field: f.name, on: "shape", error: parsed.error };
    const { shape } = parsed;
    const raw = f.text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    const want = elementCount(shape);
    if (raw.length !== want) return { field: f.name, on: "values", error: `${f.name}: shape [${shape.join(", ")}] needs ${want} values, got ${raw.length}` };
    let data: unknown[];
    if (f.datatype === "BYTES") data = raw;
    else if (f.datatype === "BOOL") data = raw.map((v) => v === "1" || v.toLowerCase() === "true");
    else {
      const nums = raw.map(Number);
      const bad = raw.find((_, i) => !Number.isFinite(nums[i]!) || (!f.datatype.startsWith("FP") && f.datatype !== "BF16" && !Number.isInteger(nums[i]!)));
      if (bad !== undefined) return { field: f.name, on: "values", error: `${f.name}: "${bad}" is not a valid ${f.datatype}` };
      data = nums;
    }
    inputs.push({ name: f.name, shape, datatype: f.datatype, data });
  }
  return { request: { inputs } };
}
