import { binaryContentType, JSON_CONTENT_TYPE } from "./content-type";
import { isV2DataType } from "./data-types";
import { concatBytes } from "./inference-request";
import type { EncodedBody, InferenceRequest, InferenceResponse } from "./inference-types";
import { BinaryCursor, isPlainObject, readJsonHeader } from "./read-json-header";
import type { Tensor } from "./tensor";
import { tensorDataFromBinary, tensorDataToBinary } from "./tensor-binary";
import { tensorDataFromJson, tensorDataToJson } from "./tensor-json";
import { V2FormatError } from "./v2-format-error";
import { stringifyWithBigInts } from "./write-json";

const utf8 = new TextEncoder();

/**
 * The outputs to send in binary: those the request asked for with `binary_data: true`, or all
 * of them when it set `binary_data_output` and listed none (Triton's rule).
 */
export function binaryOutputNames(request: Pick<InferenceRequest, "outputs" | "parameters">, produced: readonly string[]): Set<string> {
  if (request.outputs) return new Set(request.outputs.filter((o) => o.binary).map((o) => o.name));
  return request.parameters?.binary_data_output === true ? new Set(produced) : new Set();
}

/**
 * Encodes a response: JSON (`application/json`) when no output is binary, else the JSON header
 * followed by the binary outputs in order, with the SageMaker binary+json content type.
 */
export function encodeInferenceResponse(response: InferenceResponse, binary: ReadonlySet<string> = new Set()): EncodedBody {
  const chunks: Uint8Array[] = [];
  const outputs = response.outputs.map((t) => {
    // An absent member is an undefined property (JSON.stringify leaves it out), not a conditional spread: this runs for every response.
    if (!binary.has(t.name)) return { name: t.name, datatype: t.datatype, shape: t.shape, parameters: t.parameters || undefined, data: tensorDataToJson(t) };
    const bytes = tensorDataToBinary(t.datatype, t.data);
    chunks.push(bytes);
    return { name: t.name, datatype: t.datatype, shape: t.shape, parameters: { ...t.parameters, binary_data_size: bytes.byteLength } };
  });
  const header = utf8.encode(
    stringifyWithBigInts({
      model_name: response.modelName,
      model_version: response.modelVersion,
      id: response.id,
      parameters: response.parameters || undefined,
      outputs,
    }),
  );
  if (chunks.length === 0) return { body: header, contentType: JSON_CONTENT_TYPE };
  return { body: concatBytes([header, ...chunks]), contentType: binaryContentType(header.byteLength) };
}

/** Decodes a response as a client does (the playground, tests): JSON or binary+json. */
export function decodeInferenceResponse(body: Uint8Array, contentType?: string | null): InferenceResponse {
  const { json, binary } = readJsonHeader(body, contentType, "response");
  const cursor = new BinaryCursor(binary, "response");
  if (typeof json.model_name !== "string") throw new V2FormatError("the response has no 'model_name'");
  if (!Array.isArray(json.outputs)) throw new V2FormatError("the response has no 'outputs' array");
  const outputs = json.outputs.map((raw, i): Tensor => {
    if (!isPlainObject(raw) || typeof raw.name !== "string") throw new V2FormatError(`outputs[${i}] needs a 'name'`);
    const label = `output '${raw.name}'`;
    const { shape, datatype } = raw;
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number")) throw new V2FormatError(`${label} needs a 'shape' array`);
    if (!isV2DataType(datatype)) throw new V2FormatError(`${label} has unknown datatype ${JSON.stringify(datatype)}`);
    const params = isPlainObject(raw.parameters) ? raw.parameters : undefined;
    const { binary_data_size: size, ...rest } = params ?? {};
    const data =
      size !== undefined ? tensorDataFromBinary(label, datatype, shape, cursor.take(label, size)) : tensorDataFromJson(label, datatype, shape, raw.data);
    return { name: raw.name, datatype, shape: [...shape], data, ...(Object.keys(rest).length ? { parameters: rest } : {}) };
  });
  cursor.finish();
  return {
    modelName: json.model_name,
    ...(typeof json.model_version === "string" ? { modelVersion: json.model_version } : {}),
    ...(typeof json.id === "string" ? { id: json.id } : {}),
    ...(isPlainObject(json.parameters) ? { parameters: json.parameters } : {}),
    outputs,
  };
}
