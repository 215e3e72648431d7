/**
 * predict's output options (FIL's output_class / predict_proba / threshold) and their shapes,
 * XGBoost's split and missing-value rules on hand-made trees, bad inputs, and a throughput
 * sanity check (printed, never asserted).
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/test/support/triton/seeded-random";
import { ForestError, forestMemoryBytes, loadForest, outputColumns, predict, predictMargins, type Forest } from "./load-forest";
import { enc, fixtureBytes, xgboostDoc, type HandTree } from "@/test/support/engine/fil-fixtures";

/** One split on feature f at t: leaves a (left) and b (right); NaN goes left when defaultLeft. */
const split = (f: number, t: number, a: number, b: number, defaultLeft = 1): HandTree => ({
  left_children: [1, -1, -1],
  right_children: [2, -1, -1],
  split_indices: [f, 0, 0],
  split_conditions: [t, a, b],
  default_left: [defaultLeft, 0, 0],
});
const xgb = (trees: HandTree[], opts: Parameters<typeof xgboostDoc>[1] = {}) => loadForest(enc(xgboostDoc(trees, opts)), "xgboost_json");
const rowsOf = (...rows: number[][]) => Float32Array.from(rows.flat());
const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

describe("XGBoost splits", () => {
  const f = xgb([split(0, 0.5, 1, 2), split(1, 0.25, 10, 20, 0)]);

  it("x < threshold goes left; equal goes right", () => {
    expect(Array.from(predict(f, rowsOf([0.25, 0], [0.5, 0.25], [0.75, 1]), 3))).toEqual([1 + 10 + 0.5, 2 + 20 + 0.5, 2 + 20 + 0.5]);
  });

  it("NaN follows default_left; infinities are ordinary values", () => {
    expect(Array.from(predict(f, rowsOf([NaN, NaN], [Infinity, -Infinity]), 2))).toEqual([1 + 20 + 0.5, 2 + 10 + 0.5]);
  });

  it("thresholds and leaves are float32, and the sum is float32 as XGBoost's", () => {
    const g = xgb([split(0, 0.1, 0.1, 0.2), split(0, 0.1, 0.2, 0.3)], { baseScore: "0" });
    // 0.1 as a float32 threshold: the FP32 input 0.1f is equal to it, so goes right.
    expect(predictMargins(g, rowsOf([0.1, 0]), 1)[0]).toBe(Math.fround(Math.fround(0.2) + Math.fround(0.3)));
  });

  it("accepts default_left as booleans and base_score as XGBoost 3's one-element vector", () => {
    const t = { ...split(0, 0.5, 1, 2), default_left: [true, false, false] } as unknown as HandTree;
    const g = xgb([t], { baseScore: "[2.5E-1]" });
    expect(Array.from(predict(g, rowsOf([NaN, 0]), 1))).toEqual([1.25]);
  });

  it("applies a per-class base_score vector as-is for multi-class (XGBoost 3)", () => {
    const g = xgb([split(0, 0.5, 0, 0), split(0, 0.5, 0, 0)], { objective: "multi:softprob", numClass: 2, treeInfo: [0, 1], baseScore: "[1E0,2E0]" });
    expect(Array.from(predictMargins(g, rowsOf([0, 0]), 1))).toEqual([1, 2]);
  });
});

describe("output options and shapes", () => {
  const rows = rowsOf([0, 0], [1, 0], [1, 1]);

  describe("binary:logistic", () => {
    // Margins: row 0: -1 + 0 = -1, row 1: 1 + 0 = 1, row 2: 1 + 1 = 2 (base_score 0.5 is margin 0).
    const f = xgb([split(0, 0.5, -1, 1), split(1, 0.5, 0, 1)], { objective: "binary:logistic" });
    const p = [-1, 1, 2].map((m) => Math.fround(sigmoid(m)));

    it("output_class false: [rows, 1] P(class 1)", () => {
      expect(outputColumns(f, {})).toBe(1);
      expect(Array.from(predict(f, rows, 3))).toEqual(p);
    });

    it("output_class true: [rows, 1] class ids, 1 where p > threshold", () => {
      expect(outputColumns(f, { outputClass: true })).toBe(1);
      expect(Array.from(predict(f, rows, 3, { outputClass: true }))).toEqual([0, 1, 1]);
      expect(Array.from(predict(f, rows, 3, { outputClass: true, threshold: 0.8 }))).toEqual([0, 0, 1]);
      expect(Array.from(predict(f, rows, 3, { outputClass: true, threshold: 0 }))).toEqual([1, 1, 1]);
    });

    it("p equal to the threshold is class 0 (FIL compares p > threshold)", () => {
      const half = xgb([split(0, 0.5, 0, 0)], { objective: "binary:logistic" });
      expect(predict(half, rowsOf([0, 0]), 1)[0]).toBe(0.5);
      expect(predict(half, rowsOf([0, 0]), 1, { outputClass: true })[0]).toBe(0);
    });

    it("predict_proba: [rows, 2] = 1 - p, p (and wins over output_class)", () => {
      expect(outputColumns(f, { predictProba: true, outputClass: true })).toBe(2);
      const out = predict(f, rows, 3, { predictProba: true, outputClass: true });
      expect(Array.from(out)).toEqual(p.flatMap((q) => [Math.fround(1 - q), q]));
    });
  });

  describe("multi:softprob (3 classes)", () => {
    const f = xgb([split(0, 0.5, 2, 0), split(0, 0.5, 0, 1), split(1, 0.5, 0, 3)], { objective: "multi:softprob", numClass: 3, treeInfo: [0, 1, 2] });

    it("output_class false or predict_proba: [rows, 3] probabilities summing to 1", () => {
      expect(outputColumns(f)).toBe(3);
      const out = predict(f, rows, 3);
      expect(out.length).toBe(9);
      for (let r = 0; r < 3; r++) expect(out[3 * r]! + out[3 * r + 1]! + out[3 * r + 2]!).toBeCloseTo(1, 6);
      expect(predict(f, rows, 3, { predictProba: true })).toEqual(out);
    });

    it("output_class: [rows, 1] argmax", () => {
      // Margins: row 0 (2, 0, 0) -> 0; row 1 (0, 1, 0) -> 1; row 2 (0, 1, 3) -> 2.
      expect(outputColumns(f, { outputClass: true })).toBe(1);
      expect(Array.from(predict(f, rows, 3, { outputClass: true }))).toEqual([0, 1, 2]);
    });

    it("ties go to the first class", () => {
      const tie = xgb([split(0, 0.5, 1, 1), split(0, 0.5, 1, 1)], { objective: "multi:softprob", numClass: 2, treeInfo: [0, 1] });
      expect(Array.from(predict(tie, rowsOf([0, 0]), 1, { outputClass: true }))).toEqual([0]);
    });
  });

  it("multi:softmax: class ids by default (as xgboost's predict), probabilities on predict_proba", () => {
    const f = xgb([split(0, 0.5, 2, 0), split(0, 0.5, 0, 1)], { objective: "multi:softmax", numClass: 2, treeInfo: [0, 1] });
    expect(outputColumns(f)).toBe(1);
    expect(Array.from(predict(f, rows, 3))).toEqual([0, 1, 1]);
    expect(outputColumns(f, { predictProba: true })).toBe(2);
    expect(predict(f, rows, 3, { predictProba: true })[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 6);
  });

  it("regression: [rows, 1] scores; output_class and predict_proba are refused", () => {
    const f = xgb([split(0, 0.5, 1, 2)]);
    expect(outputColumns(f)).toBe(1);
    expect(() => predict(f, rows, 3, { outputClass: true })).toThrow(/output_class needs a classifier/);
    expect(() => predict(f, rows, 3, { predictProba: true })).toThrow(/predict_proba needs a classifier/);
    expect(() => outputColumns(f, { predictProba: true })).toThrow(ForestError);
  });

  it("binary:logitraw: raw margins; output_class thresholds them as FIL does; predict_proba refused", () => {
    const f = xgb([split(0, 0.5, -1, 1)], { objective: "binary:logitraw", baseScore: "0" });
    expect(Array.from(predict(f, rows, 3))).toEqual([-1, 1, 1]);
    expect(Array.from(predict(f, rows, 3, { outputClass: true, threshold: 0 }))).toEqual([0, 1, 1]);
    expect(() => predict(f, rows, 3, { predictProba: true })).toThrow(/raw scores/);
  });
});

describe("bad inputs", () => {
  const f = xgb([split(0, 0.5, 1, 2)]);

  it.each([
    ["too few values", new Float32Array(3), 2, /expected 2 rows of 2 features \(4 values\), got 3/],
    ["too many values", new Float32Array(5), 2, /got 5/],
    ["negative rows", new Float32Array(0), -1, /non-negative integer/],
    ["fractional rows", new Float32Array(3), 1.5, /non-negative integer/],
  ])("%s", (_, x, rows, message) => {
    expect(() => predict(f, x, rows)).toThrow(message);
  });

  it("refuses a non-finite threshold and a Float64Array", () => {
    expect(() => predict(f, new Float32Array(2), 1, { threshold: NaN })).toThrow(/threshold/);
    expect(() => predict(f, new Float64Array(2) as unknown as Float32Array, 1)).toThrow(/Float32Array/);
  });

  it("answers zero rows with an empty output", () => {
    expect(predict(f, new Float32Array(0), 0).length).toBe(0);
  });
});

/** A random full tree of the given depth over numFeatures features (XGBoost layout: children of i are 2i+1, 2i+2). */
function randomTree(rand: ReturnType<typeof seededRandom>, depth: number, numFeatures: number): HandTree {
  const n = 2 ** (depth + 1) - 1;
  const internal = 2 ** depth - 1;
  const t: HandTree = { left_children: [], right_children: [], split_indices: [], split_conditions: [], default_left: [] };
  for (let i = 0; i < n; i++) {
    const leaf = i >= internal;
    t.left_children.push(leaf ? -1 : 2 * i + 1);
    t.right_children.push(leaf ? -1 : 2 * i + 2);
    t.split_indices.push(leaf ? 0 : rand.int(numFeatures));
    t.split_conditions.push(leaf ? rand.next() - 0.5 : rand.next());
    t.default_left.push(rand.int(2));
  }
  return t;
}

describe("throughput (sanity, no timing assertion)", () => {
  it("runs 500 trees of depth 6 over 20,000 rows of 32 features", () => {
    const rand = seededRandom(1);
    const numFeatures = 32;
    const trees = Array.from({ length: 500 }, () => randomTree(rand, 6, numFeatures));
    const forest: Forest = xgb(trees, { objective: "binary:logistic", numFeature: numFeatures });
    const rows = 20_000;
    const x = Float32Array.from({ length: rows * numFeatures }, () => (rand.next() < 0.02 ? NaN : rand.next()));
    const start = performance.now();
    const out = predict(forest, x, rows);
    const ms = performance.now() - start;
    expect(out.length).toBe(rows);
    expect(out.every((p) => p >= 0 && p <= 1)).toBe(true);
    console.log(
      `FIL evaluator: ${rows} rows x ${forest.numTrees} trees (depth 6, ${forest.numNodes} nodes, ${(forestMemoryBytes(forest) / 1024).toFixed(0)} KiB) in ${ms.toFixed(0)} ms: ` +
        `${Math.round(rows / (ms / 1000)).toLocaleString("en")} rows/s, ${Math.round((rows * forest.numTrees) / (ms / 1000) / 1e6)}M tree walks/s`,
    );
  });

  it("a fixture forest accounts a few KiB", () => {
    const f = loadForest(fixtureBytes("src/xgboost-binary/1/xgboost.json"), "xgboost_json");
    expect(forestMemoryBytes(f)).toBeGreaterThan(1000);
    expect(forestMemoryBytes(f)).toBeLessThan(10_000);
  });
});
