import { describe, expect, it } from "vitest";
import { rangeFromParams, rangeKey, rangeToQuery, resolveRange } from "./time-range";

describe("time ranges", () => {
  it("round-trips presets and custom ranges through URL parameters", () => {
    const custom = { start: Date.parse("2026-12-01T00:00:00Z"), end: Date.parse("2026-12-02T00:00:00Z") };
    expect(rangeFromParams(new URLSearchParams(rangeToQuery({ preset: "12h" })))).toEqual({ preset: "12h" });
    expect(rangeFromParams(new URLSearchParams(rangeToQuery(custom)))).toEqual(custom);
    expect(rangeKey(custom)).not.toBe(rangeKey({ preset: "12h" }));
  });

  it("falls back to the last hour for anything malformed or backwards", () => {
    expect(rangeFromParams(new URLSearchParams("range=2y"))).toEqual({ preset: "1h" });
    expect(rangeFromParams(new URLSearchParams("start=2026-12-02T00:00:00Z&end=2026-12-01T00:00:00Z"))).toEqual({ preset: "1h" });
    expect(rangeFromParams(new URLSearchParams("start=yesterday&end=now"))).toEqual({ preset: "1h" });
  });

  it("resolves a preset relative to now", () => {
    expect(resolveRange({ preset: "1d" }, 100 * 86_400_000)).toEqual({ start: 99 * 86_400_000, end: 100 * 86_400_000 });
  });
});
