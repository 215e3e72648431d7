/**
 * KServe v2 (Open Inference Protocol) as this project speaks it, for the engine and the
 * browser alike: tensors, JSON and Triton's binary extension in both directions, and the checks
 * a request must pass against a model's config.pbtxt.
 */
export type { Tensor, TensorData, V2DataType } from "./tensor";
export { V2_DATA_TYPES } from "./tensor";
export type { EncodedBody, InferenceRequest, InferenceResponse, RequestedOutput, V2Parameters } from "./inference-types";
export { decodeInferenceRequest, encodeInferenceRequest } from "./inference-request";
export { binaryOutputNames, decodeInferenceResponse, encodeInferenceResponse } from "./inference-response";
export { checkRequestAgainstConfig, type CheckedRequest, type ModelSignature } from "./check-request";
export { binaryContentType, jsonHeaderSizeOf, JSON_CONTENT_TYPE, TRITON_BINARY_CONTENT_TYPE } from "./content-type";
export { allocateTensorData, elementCount, ELEMENT_BYTES, isV2DataType, v2TypeOf } from "./data-types";
export { bf16BitsToNumber, fp16BitsToNumber, numberToBf16Bits, numberToFp16Bits } from "./half-float";
export { tensorDataFromJson, tensorDataToJson } from "./tensor-json";
export { tensorDataFromBinary, tensorDataToBinary } from "./tensor-binary";
export { V2FormatError } from "./v2-format-error";
