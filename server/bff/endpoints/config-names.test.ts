import { describe, expect, it } from "vitest";
import { isConsoleConfigName, newConfigName } from "./config-names";

describe("endpoint config names", () => {
  it("stamps the UTC time to the millisecond and stays within SageMaker's 63 characters", () => {
    const at = new Date("2026-11-25T01:02:03.456Z");
    expect(newConfigName("demo", at)).toBe("demo-20261125010203456");
    expect(newConfigName("demo", new Date(at.getTime() + 1))).not.toBe(newConfigName("demo", at));
    const long = "a".repeat(63);
    const name = newConfigName(long, at);
    expect(name).toHaveLength(63);
    expect(isConsoleConfigName(long, name)).toBe(true);
  });

  it("recognises only its own names for an endpoint", () => {
    expect(isConsoleConfigName("demo", "demo-20261125010203456")).toBe(true);
    expect(isConsoleConfigName("demo", "demo-config")).toBe(false);
    expect(isConsoleConfigName("demo", "demo-2026112501020345")).toBe(false);
    expect(isConsoleConfigName("demo", "demo-x-20261125010203456")).toBe(false);
    expect(isConsoleConfigName("dem", "demo-20261125010203456")).toBe(false);
  });
});
