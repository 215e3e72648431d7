import { describe, expect, it } from "vitest";
import { chartsQuery, modelsSummaryQuery, rangeQuery } from "./metrics";

describe("metrics query schemas", () => {
  it("reads a preset, a custom range, or the default hour", () => {
    expect(rangeQuery.parse({ range: "1w" })).toEqual({ preset: "1w" });
    expect(rangeQuery.parse({})).toEqual({ preset: "1h" });
    expect(rangeQuery.parse({ start: "2026-12-01T00:00:00Z", end: "2026-12-01T06:00:00+00:00" })).toEqual({
      start: Date.parse("2026-12-01T00:00:00Z"),
      end: Date.parse("2026-12-01T06:00:00Z"),
    });
  });

  it("refuses half, backwards, too short or too long custom ranges, and unknown presets", () => {
    expect(rangeQuery.safeParse({ start: "2026-12-01T00:00:00Z" }).success).toBe(false);
    expect(rangeQuery.safeParse({ start: "2026-12-02T00:00:00Z", end: "2026-12-01T00:00:00Z" }).success).toBe(false);
    expect(rangeQuery.safeParse({ start: "2026-12-01T00:00:00Z", end: "2026-12-01T00:00:30Z" }).success).toBe(false);
    expect(rangeQuery.safeParse({ start: "2024-01-01T00:00:00Z", end: "2026-12-01T00:00:00Z" }).success).toBe(false);
    expect(rangeQuery.safeParse({ range: "5y" }).success).toBe(false);
    expect(rangeQuery.safeParse({ range: "1h", start: "2026-12-01T00:00:00Z", end: "2026-12-01T06:00:00Z" }).success).toBe(false);
  });

  it("reads a page of model names and chart ids", () => {
    expect(modelsSummaryQuery.parse({ models: "a,b,a," }).models).toEqual(["a", "b"]);
    expect(modelsSummaryQuery.safeParse({ models: "../etc" }).success).toBe(false);
    expect(modelsSummaryQuery.safeParse({ models: "" }).success).toBe(false);
    expect(chartsQuery.parse({ charts: "loaded-models" }).charts).toEqual(["loaded-models"]);
    expect(chartsQuery.parse({}).charts).toBeUndefined();
  });
});
