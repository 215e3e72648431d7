/**
 * LightGBM text models written inline: objectives, missing types, one-leaf trees, and the models
 * the loader must refuse. Expected values are worked out by hand in each test.
 */
import { describe, expect, it } from "vitest";
import { ForestError, loadForest, outputColumns, predict, predictMargins } from "./load-forest";
import { enc } from "@/test/support/engine/fil-fixtures";

interface TreeSpec {
  num_leaves: number;
  split_feature?: number[];
  threshold?: (number | string)[];
  decision_type?: number[];
  left_child?: number[];
  right_child?: number[];
  leaf_value: number[];
  extra?: string[];
}

function treeText(t: TreeSpec, i: number): string {
  const lines = [`Tree=${i}`, `num_leaves=${t.num_leaves}`, "num_cat=0"];
  const arr = (k: keyof TreeSpec) => (t[k] !== undefined ? [`${k}=${(t[k] as unknown[]).join(" ")}`] : []);
  lines.push(...arr("split_feature"), ...arr("threshold"), ...arr("decision_type"), ...arr("left_child"), ...arr("right_child"), ...arr("leaf_value"));
  lines.push(...(t.extra ?? []), "shrinkage=0.1");
  return lines.join("\n") + "\n\n\n";
}

function model(trees: TreeSpec[], header: Record<string, string> = {}, flags: string[] = []): string {
  const h = { version: "v4", num_class: "1", num_tree_per_iteration: "1", label_index: "0", max_feature_idx: "1", objective: "regression", ...header };
  return ["tree", ...Object.entries(h).map(([k, v]) => `${k}=${v}`), ...flags, "", trees.map(treeText).join("") + "end of trees", "", "parameters:", "[boosting: gbdt]", "end of parameters", ""].join("\n");
}

/** A stump on feature f: x <= thr -> a, else b. */
const stump = (f: number, thr: number | string, a: number, b: number, dt = 2): TreeSpec => ({
  num_leaves: 2,
  split_feature: [f],
  threshold: [thr],
  decision_type: [dt],
  left_child: [-1],
  right_child: [-2],
  leaf_value: [a, b],
});

const load = (text: string) => loadForest(enc(text), "lightgbm");
const rowsOf = (...rows: number[][]) => Float32Array.from(rows.flat());

function refusal(text: string): ForestError {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ForestError);
    return e as ForestError;
  }
  throw new Error("the model was accepted");
}

describe("LightGBM decisions", () => {
  it("x <= threshold goes left, in float64 against the FP32 input", () => {
    const f = load(model([stump(0, "0.30000000000000004", 1, 2), stump(1, "0.5", 10, 20)]));
    // 0.3f = 0.30000001192... > 0.30000000000000004; 0.5 <= 0.5.
    expect(Array.from(predict(f, rowsOf([0.3, 0.5], [0.25, 0.75]), 2))).toEqual([2 + 10, 1 + 20]);
  });

  it("missing type None: NaN is read as 0 (whatever the default_left bit says)", () => {
    for (const dt of [0, 2]) {
      const f = load(model([stump(0, "-0.5", 1, 2, dt), stump(1, "0.5", 10, 20, dt)]));
      // NaN -> 0: 0 <= -0.5 is false (right), 0 <= 0.5 is true (left).
      expect(Array.from(predict(f, rowsOf([NaN, NaN]), 1))).toEqual([2 + 10]);
    }
  });

  it("missing type NaN: NaN goes the default way, 0 is compared as a number", () => {
    const f = load(model([stump(0, "0.5", 1, 2, 8 /* default right */), stump(1, "0.5", 10, 20, 10 /* default left */)]));
    expect(Array.from(predict(f, rowsOf([NaN, NaN], [0, 0], [1, 1]), 3))).toEqual([2 + 10, 1 + 10, 2 + 20]);
  });

  it("missing type Zero: 0, |x| <= 1e-35 and NaN go the default way", () => {
    const f = load(model([stump(0, "0.5", 1, 2, 4 /* default right */), stump(1, "-0.5", 10, 20, 6 /* default left */)]));
    expect(Array.from(predict(f, rowsOf([0, 0], [1e-36, -1e-36], [NaN, NaN], [1e-30, -1e-30], [0.25, -1]), 5))).toEqual([2 + 10, 2 + 10, 2 + 10, 1 + 20, 1 + 10]);
  });

  it("reads a one-leaf tree, whether its empty arrays are written or left out", () => {
    const written: TreeSpec = { num_leaves: 1, split_feature: [], threshold: [], decision_type: [], left_child: [], right_child: [], leaf_value: [0.25] };
    const omitted: TreeSpec = { num_leaves: 1, leaf_value: [0.5] };
    const f = load(model([written, omitted, stump(0, 0, 1, 2)]));
    expect(Array.from(predict(f, rowsOf([1, 1]), 1))).toEqual([0.25 + 0.5 + 2]);
  });

  it("reads CRLF line endings and sums leaves in float64", () => {
    const f = load(model([stump(0, 0.5, 0.1, 0.2), stump(0, 0.5, 0.2, 0.3)]).replace(/\n/g, "\r\n"));
    expect(predictMargins(f, rowsOf([0, 0]), 1)[0]).toBe(0.1 + 0.2);
  });
});

describe("LightGBM objectives", () => {
  it("binary sigmoid:S is 1 / (1 + exp(-S * raw))", () => {
    const f = load(model([stump(0, 0.5, -0.75, 1.25)], { objective: "binary sigmoid:2" }));
    const out = predict(f, rowsOf([0, 0], [1, 0]), 2);
    expect(Array.from(out)).toEqual([Math.fround(1 / (1 + Math.exp(1.5))), Math.fround(1 / (1 + Math.exp(-2.5)))]);
    expect(Array.from(predict(f, rowsOf([0, 0], [1, 0]), 2, { threshold: 0.2, outputClass: true }))).toEqual([0, 1]);
  });

  it("multiclass num_class:3: trees interleave by class, softmax of the sums", () => {
    // Iteration 1: trees 0, 1, 2 for classes 0, 1, 2; iteration 2: trees 3, 4, 5.
    const trees = [stump(0, 0.5, 1, 0), stump(0, 0.5, 0, 1), stump(1, 0.5, 0.5, 0), stump(1, 0.5, 1, 0), stump(0, 0.5, 0, 0), stump(1, 0.5, 0, 2)];
    const f = load(model(trees, { num_class: "3", num_tree_per_iteration: "3", objective: "multiclass num_class:3" }));
    expect(f).toMatchObject({ task: "multiclass", numGroups: 3, numClasses: 3 });
    const x = rowsOf([0, 0], [1, 1]);
    const raw = [
      [1 + 1, 0 + 0, 0.5 + 0], // row 0: x0 <= .5, x1 <= .5
      [0 + 0, 1 + 0, 0 + 2], // row 1
    ];
    expect(Array.from(predictMargins(f, x, 2))).toEqual(raw.flat());
    const softmax = (r: number[]) => r.map((v) => Math.exp(v) / r.reduce((s, w) => s + Math.exp(w), 0));
    const probs = predict(f, x, 2);
    expect(outputColumns(f)).toBe(3);
    for (let i = 0; i < 6; i++) expect(probs[i]).toBeCloseTo(raw.map(softmax).flat()[i]!, 6);
    expect(Array.from(predict(f, x, 2, { outputClass: true }))).toEqual([0, 2]);
    expect(predict(f, x, 2, { predictProba: true })).toEqual(probs);
  });

  it("multiclassova: one sigmoid per class", () => {
    const trees = [stump(0, 0.5, 1, -1), stump(0, 0.5, -1, 1)];
    const f = load(model(trees, { num_class: "2", num_tree_per_iteration: "2", objective: "multiclassova num_class:2 sigmoid:1" }));
    const out = predict(f, rowsOf([0, 0]), 1, { predictProba: true });
    expect(Array.from(out)).toEqual([Math.fround(1 / (1 + Math.exp(-1))), Math.fround(1 / (1 + Math.exp(1)))]);
  });

  it("average_output (random forest) divides by the number of iterations", () => {
    const f = load(model([stump(0, 0.5, 1, 0), stump(0, 0.5, 2, 0), stump(0, 0.5, 6, 0)], {}, ["average_output"]));
    expect(Array.from(predict(f, rowsOf([0, 0]), 1))).toEqual([3]);
  });

  it("poisson is exp(raw); regression sqrt is sign(raw) * raw^2; no objective line is the raw score", () => {
    expect(predict(load(model([stump(0, 0.5, 0.5, 0)], { objective: "poisson" })), rowsOf([0, 0]), 1)[0]).toBe(Math.fround(Math.exp(0.5)));
    expect(predict(load(model([stump(0, 0.5, -1.5, 0)], { objective: "regression sqrt" })), rowsOf([0, 0]), 1)[0]).toBe(-2.25);
    const text = model([stump(0, 0.5, -1.5, 0)]).replace("objective=regression\n", "");
    expect(predict(load(text), rowsOf([0, 0]), 1)[0]).toBe(-1.5);
  });
});

describe("LightGBM models refused with a clear error", () => {
  const good = [stump(0, 0.5, 1, 2)];

  it.each([
    ["not a model", "hello\nworld\n", /first line must be "tree"/],
    ["an XGBoost JSON model", '{"learner": {}}', /first line must be "tree"/],
    ["no trees", model([]), /no trees/],
    ["no max_feature_idx", model(good).replace("max_feature_idx=1\n", ""), /no max_feature_idx/],
    ["an unknown objective", model(good, { objective: "my_objective" }), /objective "my_objective" is not supported/],
    ["categorical splits (num_cat)", model(good).replace("num_cat=0", "num_cat=1"), /categorical/],
    ["a categorical decision_type", model([stump(0, 0.5, 1, 2, 3)]), /node 0 is a categorical split/],
    ["a linear tree", model([{ ...stump(0, 0.5, 1, 2), extra: ["is_linear=1"] }]), /linear tree/],
    ["a missing type 3", model([stump(0, 0.5, 1, 2, 12)]), /missing type 3/],
    ["too few leaf values", model([{ ...stump(0, 0.5, 1, 2), leaf_value: [1] }]), /leaf_value has 1 values, expected 2/],
    ["a child out of range", model([{ ...stump(0, 0.5, 1, 2), right_child: [-3] }]), /right_child -3 is out of range/],
    ["a cycle", model([{ num_leaves: 3, split_feature: [0, 1], threshold: [0.5, 0.5], decision_type: [2, 2], left_child: [1, 0], right_child: [-1, -2], leaf_value: [1, 2, 3] }]), /reached twice/],
    ["a leaf reached twice", model([{ num_leaves: 3, split_feature: [0, 1], threshold: [0.5, 0.5], decision_type: [2, 2], left_child: [1, -1], right_child: [-1, -2], leaf_value: [1, 2, 3] }]), /reached twice/],
    ["a feature beyond max_feature_idx", model([stump(2, 0.5, 1, 2)]), /feature 2, but the model has 2 features/],
    ["a bad number", model([stump(0, "0.5x", 1, 2)]), /"0.5x" is not a number/],
    ["a NaN threshold", model([stump(0, "nan", 1, 2)]), /NaN threshold/],
    ["a Tree= out of order", model(good).replace("Tree=0", "Tree=3"), /Tree=3 where Tree=0 was expected/],
    ["classes that disagree", model(good, { objective: "multiclass num_class:3", num_class: "3", num_tree_per_iteration: "3" }), /not a multiple of num_tree_per_iteration=3/],
    ["a multi-class model with a binary objective", model(good, { num_class: "2", num_tree_per_iteration: "2" }), /2 classes/],
    ["garbage between trees", model(good).replace("end of trees", "garbage\nend of trees"), /expected "Tree=1"/],
  ])("%s", (_, text, message) => {
    expect(refusal(text).message).toMatch(message);
  });

  it("says whether a model is malformed or unsupported", () => {
    expect(refusal(model([stump(0, 0.5, 1, 2, 1)])).code).toBe("unsupported");
    expect(refusal(model([stump(5, 0.5, 1, 2)])).code).toBe("malformed");
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(() => loadForest(new Uint8Array([0x74, 0x72, 0xff, 0xfe]), "lightgbm")).toThrow(/not UTF-8/);
  });
});
