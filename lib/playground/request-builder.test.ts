import { describe, expect, it } from "vitest";
import { buildV2Request, defaultShape, exampleRequest, fillValues, initialFields, v2DataType } from "./request-builder";

describe("playground request builder", () => {
  it("maps Triton types to v2 and adds the batch dim", () => {
    expect(v2DataType("TYPE_FP32")).toBe("FP32");
    expect(v2DataType("TYPE_STRING")).toBe("BYTES");
    expect(defaultShape({ name: "x", dataType: "TYPE_FP32", dims: [-1, 4] }, 0)).toEqual([1, 4]);
    expect(defaultShape({ name: "x", dataType: "TYPE_FP32", dims: [4] }, 8)).toEqual([1, 4]);
  });

  it("builds a v2 request from a signature's example fields", () => {
    const fields = initialFields({ maxBatchSize: 0, inputs: [{ name: "INPUT0", dataType: "TYPE_FP32", dims: [-1, 4] }], outputs: [] });
    expect(buildV2Request(fields)).toEqual({ request: { inputs: [{ name: "INPUT0", shape: [1, 4], datatype: "FP32", data: [0, 1, 2, 3] }] } });
  });

  it("builds the example request a version is verified with: batch dim and variable dims 1, values 0, 1, 2...", () => {
    const sig = { maxBatchSize: 8, inputs: [{ name: "x", dataType: "TYPE_INT32", dims: [-1, 2] }, { name: "s", dataType: "TYPE_STRING", dims: [1] }], outputs: [] };
    expect(exampleRequest(sig)).toEqual({
      request: {
        inputs: [
          { name: "x", shape: [1, 1, 2], datatype: "INT32", data: [-100, -99] },
          { name: "s", shape: [1, 1], datatype: "BYTES", data: ["text 0"] },
        ],
      },
    });
  });

  it("refuses a wrong count or a value of the wrong type, naming the field", () => {
    expect(buildV2Request([{ name: "a", datatype: "FP32", shapeText: "2", allowed: [-1], text: "1" }])).toMatchObject({ field: "a", on: "values", error: expect.stringContaining("needs 2 values") });
    expect(buildV2Request([{ name: "b", datatype: "INT32", shapeText: "1", allowed: [-1], text: "1.5" }])).toMatchObject({ field: "b", error: expect.stringContaining("not a valid INT32") });
    expect(buildV2Request([{ name: "c", datatype: "FP32", shapeText: "1", allowed: [-1], text: "abc" }])).toMatchObject({ field: "c" });
  });

  it("refuses a shape that is not whole numbers of at least 1, or not the signature's, instead of sending a zero-size tensor", () => {
    const field = (shapeText: string) => [{ name: "INPUT0", datatype: "FP32", shapeText, allowed: [-1, 4], text: "0, 1, 2, 3" }];
    expect(buildV2Request(field("2,x"))).toEqual({ field: "INPUT0", on: "shape", error: 'INPUT0: shape "2,x": "x" is not a whole number' });
    expect(buildV2Request(field("2,0"))).toEqual({ field: "INPUT0", on: "shape", error: 'INPUT0: shape "2,0": every dimension must be at least 1' });
    expect(buildV2Request(field("-1,4"))).toMatchObject({ on: "shape", error: expect.stringContaining("at least 1") });
    expect(buildV2Request(field("1,3"))).toMatchObject({ on: "shape", error: "INPUT0: dimension 2 is 4 in the model's signature, not 3" });
    expect(buildV2Request(field("1,4,1"))).toMatchObject({ on: "shape", error: expect.stringContaining("has 3 dimensions") });
    expect(buildV2Request(field("1,"))).toMatchObject({ on: "shape", error: expect.stringContaining("empty dimension") });
    expect(buildV2Request(field(" 1 , 4 "))).toMatchObject({ request: { inputs: [{ shape: [1, 4] }] } });
  });

  it("fills random values within the type's range", () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const uint8 = fillValues("UINT8", 50, "random", rnd).split(", ").map(Number);
    expect(uint8.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    expect(fillValues("BOOL", 3, "example")).toBe("0, 1, 1");
  });
});
