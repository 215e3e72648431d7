import { binaryContentType, JSON_CONTENT_TYPE } from "./content-type";
import { isV2DataType } from "./data-types";
import type { EncodedBody, InferenceRequest, RequestedOutput } from "./inference-types";
import { BinaryCursor, isPlainObject, readJsonHeader } from "./read-json-header";
import type { Tensor } from "./tensor";
import { tensorDataFromBinary, tensorDataToBinary } from "./tensor-binary";
import { tensorDataFromJson, tensorDataToJson } from "./tensor-json";
import { V2FormatError } from "./v2-format-error";
import { stringifyWithBigInts } from "./write-json";

const utf8 = new TextEncoder();

/**
 * Decodes a KServe v2 inference request: plain JSON, or Triton's binary extension (JSON header,
 * then the raw data of every input that declares `binary_data_size`, in input order).
 * Throws V2FormatError with a message fit to return to the client.
 */
export function decodeInferenceRequest(body: Uint8Array, contentType?: string | null): InferenceRequest {
  const { json, binary } = readJsonHeader(body, contentType, "request");
  const cursor = new BinaryCursor(binary, "request");
  if (json.id !== undefined && typeof json.id !== "string") throw new V2FormatError("'id' must be a string");
  const parameters = optionalObject(json.parameters, "'parameters'");
  if (!Array.isArray(json.inputs) || json.inputs.length === 0) throw new V2FormatError("the request must have a non-empty 'inputs' array");

  const seen = new Set<string>();
  const inputs = json.inputs.map((raw, i): Tensor => {
    if (!isPlainObject(raw)) throw new V2FormatError(`inputs[${i}] must be an object`);
    const { name, shape, datatype } = raw;
    if (typeof name !== "string" || name === "") throw new V2FormatError(`inputs[${i}] needs a 'name'`);
    const label = `input '${name}'`;
    if (seen.has(name)) throw new V2FormatError(`${label} is given twice`);
    seen.add(name);
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number")) throw new V2FormatError(`${label} needs a 'shape' array of integers`);
    if (!isV2DataType(datatype)) throw new V2FormatError(`${label} has unknown datatype ${JSON.stringify(datatype)}`);
    const params = optionalObject(raw.parameters, `${label} 'parameters'`);
    // Most inputs have no parameters: no object rest (a copy) for them.
    let binarySize: unknown;
    let rest: Record<string, unknown> | undefined;
    if (params) {
      const { binary_data_size, ...others } = params;
      binarySize = binary_data_size;
      rest = Object.keys(others).length > 0 ? others : undefined;
    }
    let data;
    if (binarySize !== undefined) {
      if (raw.data !== undefined) throw new V2FormatError(`${label} has both 'data' and binary_data_size`);
      data = tensorDataFromBinary(label, datatype, shape, cursor.take(label, binarySize));
    } else {
      if (raw.data === undefined) throw new V2FormatError(`${label} has neither 'data' nor binary_data_size`);
      data = tensorDataFromJson(label, datatype, shape, raw.data);
    }
    return { name, datatype, shape: [...shape], data, parameters: rest };
  });
  cursor.finish();

  let outputs: RequestedOutput[] | undefined;
  if (json.outputs !== undefined) {
    if (!Array.isArray(json.outputs)) throw new V2FormatError("'outputs' must be an array");
    const allBinary = parameters?.binary_data_output === true;
    outputs = json.outputs.map((raw, i) => {
      if (!isPlainObject(raw) || typeof raw.name !== "string" || raw.name === "") throw new V2FormatError(`outputs[${i}] needs a 'name'`);
      const params = optionalObject(raw.parameters, `output '${raw.name}' 'parameters'`);
      if (params?.binary_data !== undefined && typeof params.binary_data !== "boolean") throw new V2FormatError(`output '${raw.name}': binary_data must be true or false`);
      const binary = typeof params?.binary_data === "boolean" ? params.binary_data : allBinary;
      return { name: raw.name, binary, ...(params ? { parameters: params } : {}) };
    });
  }
  // Absent members as undefined properties rather than conditional spreads: this runs for every request.
  return { id: json.id as string | undefined, parameters, inputs, outputs };
}

/**
 * Encodes a request for sending (the playground, tests, benchmarks). `binary: true` puts every
 * input's data in the binary section and sets the SageMaker binary+json content type.
 */
export function encodeInferenceRequest(request: InferenceRequest, options: { binary?: boolean } = {}): EncodedBody {
  const chunks: Uint8Array[] = [];
  const inputs = request.inputs.map((t) => {
    const base = { name: t.name, shape: t.shape, datatype: t.datatype };
    if (!options.binary) return { ...base, ...(t.parameters ? { parameters: t.parameters } : {}), data: tensorDataToJson(t) };
    const bytes = tensorDataToBinary(t.datatype, t.data);
    chunks.push(bytes);
    return { ...base, parameters: { ...t.parameters, binary_data_size: bytes.byteLength } };
  });
  const outputs = request.outputs?.map((o) => ({ name: o.name, parameters: { ...o.parameters, binary_data: o.binary } }));
  const header = utf8.encode(
    stringifyWithBigInts({ ...(request.id !== undefined ? { id: request.id } : {}), ...(request.parameters ? { parameters: request.parameters } : {}), inputs, ...(outputs ? { outputs } : {}) }),
  );
  if (!options.binary) return { body: header, contentType: JSON_CONTENT_TYPE };
  return { body: concatBytes([header, ...chunks]), contentType: binaryContentType(header.byteLength) };
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function optionalObject(v: unknown, what: string): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) throw new V2FormatError(`${what} must be an object`);
  return v;
}
