import type { InvokeEndpointCommandOutput } from "@aws-sdk/client-sagemaker-runtime";
import { decodeInferenceResponse } from "@/lib/v2/inference-response";
import type { Tensor, V2DataType } from "@/lib/v2/tensor";
import { tensorDataFromJson, tensorDataToJson } from "@/lib/v2/tensor-json";

/**
 * Tensors as the fixtures' `*.reference.json` write them (KServe v2 JSON), and the engine's
 * answers turned into the same form, so the two compare with toEqual.
 */
export type JsonTensor = { name: string; shape: number[]; datatype: V2DataType; data: (number | string | boolean)[] };
export type Reference = { cases: { request: { inputs: JsonTensor[] }; response: { outputs: JsonTensor[] } }[] };

/** A tensor as reference JSON: INT64 comes back as BigInt, the references hold small integers. */
export const asJson = (t: Tensor) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: tensorDataToJson(t).map((v) => (typeof v === "bigint" ? Number(v) : v)) });

/** An InvokeEndpoint answer's outputs (JSON or binary+json) as reference JSON. */
export const outputsOf = (out: InvokeEndpointCommandOutput) => decodeInferenceResponse(out.Body!, out.ContentType).outputs.map(asJson);

/** A reference request's inputs as tensors, to encode another way (binary). */
export const decodeInputs = (inputs: JsonTensor[]): Tensor[] => inputs.map((t) => ({ ...t, data: tensorDataFromJson(`input '${t.name}'`, t.datatype, t.shape, t.data) }));
