import { describe, expect, it } from "vitest";
import { buildV2Request, defaultShape, fillValues, initialFields, v2DataType } from "./request-builder";

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

  it("refuses a wrong count or a value of the wrong type, naming the field", () => {
    expect(buildV2Request([{ name: "a", datatype: "FP32", shape: [2], text: "1" }])).toMatchObject({ field: "a", error: expect.stringContaining("needs 2 values") });
    expect(buildV2Request([{ name: "b", datatype: "INT32", shape: [1], text: "1.5" }])).toMatchObject({ field: "b", error: expect.stringContaining("not a valid INT32") });
    expect(buildV2Request([{ name: "c", datatype: "FP32", shape: [1], text: "abc" }])).toMatchObject({ field: "c" });
  });

  it("fills random values within the type's range", () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const uint8 = fillValues("UINT8", 50, "random", rnd).split(", ").map(Number);
    expect(uint8.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    expect(fillValues("BOOL", 3, "example")).toBe("0, 1, 1");
  });
});
