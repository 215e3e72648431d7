import { describe, expect, it } from "vitest";
import { binaryContentType, jsonHeaderSizeOf } from "./content-type";
import { decodeInferenceRequest, encodeInferenceRequest } from "./inference-request";
import { binaryOutputNames, decodeInferenceResponse, encodeInferenceResponse } from "./inference-response";
import type { Tensor } from "./tensor";
import { tensorDataToJson } from "./tensor-json";
import { V2FormatError } from "./v2-format-error";

const utf8 = new TextEncoder();
const json = (v: unknown) => utf8.encode(JSON.stringify(v));

/** One tensor of every datatype, with values that exercise the edges of each. */
const ALL_TYPES: Tensor[] = [
  { name: "bool", datatype: "BOOL", shape: [3], data: new Uint8Array([1, 0, 1]) },
  { name: "u8", datatype: "UINT8", shape: [2], data: new Uint8Array([0, 255]) },
  { name: "u16", datatype: "UINT16", shape: [2], data: new Uint16Array([0, 65535]) },
  { name: "u32", datatype: "UINT32", shape: [2], data: new Uint32Array([0, 4294967295]) },
  { name: "u64", datatype: "UINT64", shape: [2], data: new BigUint64Array([0n, 9007199254740991n]) },
  { name: "i8", datatype: "INT8", shape: [2], data: new Int8Array([-128, 127]) },
  { name: "i16", datatype: "INT16", shape: [2], data: new Int16Array([-32768, 32767]) },
  { name: "i32", datatype: "INT32", shape: [2], data: new Int32Array([-2147483648, 2147483647]) },
  { name: "i64", datatype: "INT64", shape: [2], data: new BigInt64Array([-9007199254740991n, 42n]) },
  { name: "f16", datatype: "FP16", shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
  { name: "bf16", datatype: "BF16", shape: [2], data: new Uint16Array([0x3f80, 0xbfc0]) },
  { name: "f32", datatype: "FP32", shape: [2, 2], data: new Float32Array([0.5, -1.25, 3, 1e-3]) },
  { name: "f64", datatype: "FP64", shape: [1], data: new Float64Array([Math.PI]) },
  { name: "bytes", datatype: "BYTES", shape: [3], data: [utf8.encode("héllo"), new Uint8Array(0), utf8.encode("x")] },
];

const same = (a: Tensor[], b: Tensor[]) =>
  expect(b.map((t) => ({ ...t, data: Array.from(t.data as ArrayLike<unknown>) }))).toEqual(a.map((t) => ({ ...t, data: Array.from(t.data as ArrayLike<unknown>) })));

const TRITON_BINARY = "application/vnd.sagemaker-triton.binary+json;json-header-size=";

describe("v2 requests", () => {
  it("decodes JSON with flat and nested data", () => {
    const body = json({
      id: "r1",
      inputs: [
        { name: "A", shape: [2, 2], datatype: "FP32", data: [[1, 2], [3, 4]] },
        { name: "B", shape: [2, 2], datatype: "INT32", data: [1, 2, 3, 4] },
      ],
      outputs: [{ name: "OUT", parameters: { binary_data: true } }],
    });
    const req = decodeInferenceRequest(body, "application/json");
    expect(req.id).toBe("r1");
    expect(Array.from(req.inputs[0]!.data as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(req.inputs[1]!.data).toBeInstanceOf(Int32Array);
    expect(req.outputs).toEqual([{ name: "OUT", binary: true, parameters: { binary_data: true } }]);
  });

  it.each([false, true])("round-trips every datatype (binary: %s)", (binary) => {
    const encoded = encodeInferenceRequest({ inputs: ALL_TYPES }, { binary });
    if (binary) expect(jsonHeaderSizeOf(encoded.contentType, encoded.body.byteLength)).toBeGreaterThan(0);
    else expect(encoded.contentType).toBe("application/json");
    same(ALL_TYPES, decodeInferenceRequest(encoded.body, encoded.contentType).inputs);
  });

  it("prints 64-bit integers with every digit, keeps them exact in binary, and refuses rounded ones in JSON", () => {
    const extremes: Tensor[] = [
      { name: "u64", datatype: "UINT64", shape: [2], data: new BigUint64Array([0n, 18446744073709551615n]) },
      { name: "i64", datatype: "INT64", shape: [2], data: new BigInt64Array([-9223372036854775808n, 9223372036854775807n]) },
    ];
    const asJson = encodeInferenceRequest({ inputs: extremes });
    expect(new TextDecoder().decode(asJson.body)).toContain("[0,18446744073709551615]");
    expect(() => decodeInferenceRequest(asJson.body)).toThrow(/element 1 is 18446744073709552000, expected an integer within/);
    const asBinary = encodeInferenceRequest({ inputs: extremes }, { binary: true });
    same(extremes, decodeInferenceRequest(asBinary.body, asBinary.contentType).inputs);
  });

  it("carries FP16 in JSON as numbers, converted to raw bits", () => {
    const req = decodeInferenceRequest(json({ inputs: [{ name: "h", shape: [3], datatype: "FP16", data: [1, 0.1, -65504] }] }));
    expect(Array.from(req.inputs[0]!.data as Uint16Array)).toEqual([0x3c00, 0x2e66, 0xfbff]);
    expect(tensorDataToJson(req.inputs[0]!)).toEqual([1, 0.0999755859375, -65504]);
  });

  it("reads BYTES in binary as 4-byte little-endian length prefixes", () => {
    const header = json({ inputs: [{ name: "s", shape: [2], datatype: "BYTES", parameters: { binary_data_size: 11 } }] });
    const data = new Uint8Array([2, 0, 0, 0, 104, 105, 1, 0, 0, 0, 33]);
    const body = new Uint8Array([...header, ...data]);
    const req = decodeInferenceRequest(body, `application/vnd.sagemaker-triton.binary+json;json-header-size=${header.length}`);
    expect(tensorDataToJson(req.inputs[0]!)).toEqual(["hi", "!"]);
  });

  it("mixes JSON and binary inputs, taking binary slices in input order", () => {
    const header = json({
      inputs: [
        { name: "a", shape: [1], datatype: "INT32", parameters: { binary_data_size: 4 } },
        { name: "b", shape: [1], datatype: "INT32", data: [7] },
        { name: "c", shape: [1], datatype: "INT16", parameters: { binary_data_size: 2 } },
      ],
    });
    const body = new Uint8Array([...header, 5, 0, 0, 0, 9, 0]);
    const req = decodeInferenceRequest(body, binaryContentType(header.length));
    expect(req.inputs.map((t) => Number((t.data as Int32Array)[0]))).toEqual([5, 7, 9]);
  });

  it.each([
    ["an element count that disagrees with the shape", json({ inputs: [{ name: "a", shape: [2, 2], datatype: "FP32", data: [1, 2, 3] }] }), undefined, /shape \[2,2\] holds 4, data has 3/],
    ["an unknown datatype", json({ inputs: [{ name: "a", shape: [1], datatype: "FLOAT", data: [1] }] }), undefined, /unknown datatype "FLOAT"/],
    ["a value out of range", json({ inputs: [{ name: "a", shape: [1], datatype: "UINT8", data: [256] }] }), undefined, /element 0 is 256/],
    ["a string where a number goes", json({ inputs: [{ name: "a", shape: [1], datatype: "FP32", data: ["1"] }] }), undefined, /expected a number/],
    ["no inputs", json({ inputs: [] }), undefined, /non-empty 'inputs'/],
    ["not JSON", utf8.encode("{nope"), undefined, /failed to parse the request JSON/],
    // Triton's own words (src/sagemaker_server.cc, GetInferenceHeaderLength).
    ["a header size past the body", json({ inputs: [] }), binaryContentType(999), /^inference header size should be in range \(0, 13\), got: 999$/],
    ["a header size that is not a number", json({ inputs: [] }), `${TRITON_BINARY}abc`, /^Unable to parse inference header size, got: abc$/],
    ["a header size past 2^31", json({ inputs: [] }), `${TRITON_BINARY}99999999999`, /^Unable to parse inference header size, value is out of range, got: 99999999999$/],
    ["a negative header size", json({ inputs: [] }), `${TRITON_BINARY}-3`, /^inference header size should be in range \(0, 13\), got: -3$/],
    ["the binary type after another", json({ inputs: [] }), `text/plain, ${TRITON_BINARY}4`, /^expect MIME type for binary data starts with 'application\/vnd\.sagemaker-triton\.binary\+json;json-header-size=', got: text\/plain, /],
    ["a raw binary body (size 0)", json({ inputs: [] }), `${TRITON_BINARY}0`, /json-header-size=0 .* is not supported by the local engine/],
  ])("refuses %s", (_what, body, contentType, message) => {
    expect(() => decodeInferenceRequest(body, contentType)).toThrow(V2FormatError);
    expect(() => decodeInferenceRequest(body, contentType)).toThrow(message);
  });

  it("refuses binary data that no tensor claims, or that a tensor over-claims", () => {
    const header = json({ inputs: [{ name: "a", shape: [1], datatype: "INT32", parameters: { binary_data_size: 4 } }] });
    expect(() => decodeInferenceRequest(new Uint8Array([...header, 1, 0, 0, 0, 9]), binaryContentType(header.length))).toThrow(/claimed by no tensor/);
    expect(() => decodeInferenceRequest(new Uint8Array([...header, 1, 0]), binaryContentType(header.length))).toThrow(/runs past the end/);
  });
});

describe("v2 responses", () => {
  const response = { modelName: "m", modelVersion: "1", id: "r1", outputs: ALL_TYPES };

  it("is JSON when no output is asked in binary", () => {
    const out = encodeInferenceResponse(response);
    expect(out.contentType).toBe("application/json");
    const parsed = JSON.parse(new TextDecoder().decode(out.body)) as { model_name: string; outputs: { name: string; data: unknown[] }[] };
    expect(parsed.model_name).toBe("m");
    expect(parsed.outputs.find((o) => o.name === "bool")!.data).toEqual([true, false, true]);
    same(ALL_TYPES, decodeInferenceResponse(out.body, out.contentType).outputs);
  });

  it("puts the asked outputs in the binary section with binary_data_size", () => {
    const binary = new Set(["f32", "bytes", "i64"]);
    const out = encodeInferenceResponse(response, binary);
    const size = jsonHeaderSizeOf(out.contentType, out.body.byteLength)!;
    const header = JSON.parse(new TextDecoder().decode(out.body.subarray(0, size))) as { outputs: { name: string; data?: unknown; parameters?: { binary_data_size: number } }[] };
    const f32 = header.outputs.find((o) => o.name === "f32")!;
    expect(f32.data).toBeUndefined();
    expect(f32.parameters!.binary_data_size).toBe(16);
    same(ALL_TYPES, decodeInferenceResponse(out.body, out.contentType).outputs);
  });

  it("follows Triton's rule for which outputs are binary", () => {
    expect(binaryOutputNames({ parameters: { binary_data_output: true } }, ["a", "b"])).toEqual(new Set(["a", "b"]));
    expect(binaryOutputNames({ parameters: { binary_data_output: true }, outputs: [{ name: "a", binary: false }] }, ["a", "b"])).toEqual(new Set());
    expect(binaryOutputNames({}, ["a"])).toEqual(new Set());
  });
});
