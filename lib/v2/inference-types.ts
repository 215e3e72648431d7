import type { Tensor } from "./tensor";

export type V2Parameters = Record<string, unknown>;

/** An output the client asked for; `binary` asks for it in the binary section of the body. */
export type RequestedOutput = { name: string; binary: boolean; parameters?: V2Parameters };

/** A KServe v2 inference request, decoded: every input's data is typed. */
export type InferenceRequest = {
  id?: string;
  parameters?: V2Parameters;
  inputs: Tensor[];
  /** Absent: the model returns all its outputs. */
  outputs?: RequestedOutput[];
};

export type InferenceResponse = {
  modelName: string;
  modelVersion?: string;
  id?: string;
  parameters?: V2Parameters;
  outputs: Tensor[];
};

/** A body ready to send, with the content type that says how to read it. */
export type EncodedBody = { body: Uint8Array; contentType: string };
