import { describe, expect, it } from "vitest";
import { sortModelsByMetric } from "./sort-models-by-metric";

const rows = [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }];
const summaries = {
  a: { invocations: 5, p99LatencyUs: 900, cacheHitRatio: 0.5 },
  b: { invocations: 50, p99LatencyUs: 100 },
  c: { invocations: 0 },
};

describe("sorting the models table by a metric", () => {
  it("puts the hottest and the slowest first, rows without figures last", () => {
    expect(sortModelsByMetric(rows, summaries, "invocations", "desc").map((r) => r.name)).toEqual(["b", "a", "c", "d"]);
    expect(sortModelsByMetric(rows, summaries, "p99", "desc").map((r) => r.name)).toEqual(["a", "b", "c", "d"]);
    expect(sortModelsByMetric(rows, summaries, "p99", "asc").map((r) => r.name)).toEqual(["b", "a", "c", "d"]);
    expect(sortModelsByMetric(rows, summaries, "hitRatio", "asc").map((r) => r.name)).toEqual(["a", "b", "c", "d"]);
    expect(sortModelsByMetric(rows, summaries, "name", "desc").map((r) => r.name)).toEqual(["d", "c", "b", "a"]);
  });
});
