import { describe, expect, it } from "vitest";
import { versionOfFolder } from "./check-layout";

describe("versionOfFolder", () => {
  it("reads positive numbers as Triton does", () => {
    expect(versionOfFolder("1")).toBe(1);
    expect(versionOfFolder("42")).toBe(42);
  });
  it("ignores anything else: zero, leading zeros, signs, names, numbers past 2^53", () => {
    for (const name of ["0", "007", "-1", "+1", "1a", "v1", "", "99999999999999999"]) expect(versionOfFolder(name)).toBeUndefined();
  });
});
