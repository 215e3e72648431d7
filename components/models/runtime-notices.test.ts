import { describe, expect, it } from "vitest";
import { runtimeNotices } from "./pytorch-unavailable-banner";

const missing = { available: false, reason: "no torch" };
const present = { available: true };

describe("the models page's runtime notices", () => {
  it("names a missing runtime only where the endpoint has a model that needs it", () => {
    const caps = { localEngine: true as const, pytorch: missing, python: missing };
    expect(runtimeNotices(caps, new Set(["onnx", "xgboost"]), [])).toEqual([]);
    expect(runtimeNotices(caps, new Set(["onnx", "pytorch"]), [])).toEqual(["pytorch"]);
    expect(runtimeNotices(caps, new Set(["pytorch", "python"]), [])).toEqual(["pytorch", "python"]);
  });

  it("says nothing once dismissed, when the runtime is there, on AWS, or before the engine answered", () => {
    expect(runtimeNotices({ localEngine: true, pytorch: missing, python: missing }, new Set(["pytorch", "python"]), ["pytorch"])).toEqual(["python"]);
    expect(runtimeNotices({ localEngine: true, pytorch: present, python: missing }, new Set(["pytorch"]), [])).toEqual([]);
    expect(runtimeNotices({ localEngine: false }, new Set(["pytorch"]), [])).toEqual([]);
    expect(runtimeNotices(undefined, new Set(["pytorch"]), [])).toEqual([]);
  });
});
