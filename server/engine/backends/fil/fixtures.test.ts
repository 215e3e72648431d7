/**
 * The evaluator against the fixtures' references: XGBoost's own predictions (within 1e-6; margins
 * exactly, since the sum is done in float32 as XGBoost does) and the hand-traced LightGBM
 * reference (exactly).
 */
import { describe, expect, it } from "vitest";
import { forestMemoryBytes, loadForest, outputColumns, predict, predictMargins, type ModelType } from "./load-forest";
import { fixtureBytes, fixtureJson, maxAbsDiff, rowsWithMissing } from "@/test/support/engine/fil-fixtures";

interface V2Tensor {
  name: string;
  shape: number[];
  data: number[];
}
interface Case {
  request: { inputs: V2Tensor[] };
  response: { outputs: V2Tensor[] };
  margin?: number[] | number[][];
  raw?: number[];
  classes?: number[];
  labels?: number[];
}
interface Reference {
  cases: Case[];
  missing_cases?: { rows: (number | null)[][]; expected: number[] | number[][]; raw?: number[] };
}

function caseInput(c: Case): { x: Float32Array; rows: number } {
  const input = c.request.inputs[0]!;
  expect(input.name).toBe("input__0");
  return { x: Float32Array.from(input.data), rows: input.shape[0]! };
}

describe("xgboost-binary (XGBoost 1.7 JSON, binary:logistic)", () => {
  const ref = fixtureJson<Reference>("xgboost-binary.reference.json");
  const forest = loadForest(fixtureBytes("src/xgboost-binary/1/xgboost.json"), "xgboost_json");
  const c = ref.cases[0]!;
  const { x, rows } = caseInput(c);

  it("reads the model's shape", () => {
    expect(forest).toMatchObject({ task: "binary", numFeatures: 4, numGroups: 1, numClasses: 2, numTrees: 10, objective: "binary:logistic", transform: "sigmoid" });
    expect(forestMemoryBytes(forest)).toBeGreaterThan(forest.numNodes * 17);
  });

  it("answers P(class 1) as xgboost does, and the margins exactly", () => {
    const out = predict(forest, x, rows, { outputClass: false });
    expect(out.length).toBe(rows);
    expect(c.response.outputs[0]!.shape).toEqual([rows, outputColumns(forest, { outputClass: false })]);
    expect(maxAbsDiff(out, c.response.outputs[0]!.data)).toBeLessThan(1e-6);
    expect(Array.from(predictMargins(forest, x, rows))).toEqual(c.margin);
  });

  it("output_class gives the labels the model gets right", () => {
    const classes = predict(forest, x, rows, { outputClass: true });
    expect(Array.from(classes)).toEqual(c.labels);
  });
});

describe("xgboost-ubj (XGBoost 1.7 UBJSON, reg:squarederror trained with missing values)", () => {
  const ref = fixtureJson<Reference>("xgboost-ubj.reference.json");
  const forest = loadForest(fixtureBytes("src/xgboost-ubj/1/xgboost.ubj"), "xgboost_ubj");

  it("answers as xgboost does", () => {
    expect(forest).toMatchObject({ task: "regression", modelType: "xgboost_ubj", numFeatures: 4, numTrees: 12, transform: "identity" });
    const c = ref.cases[0]!;
    const { x, rows } = caseInput(c);
    expect(maxAbsDiff(predict(forest, x, rows), c.response.outputs[0]!.data)).toBeLessThan(1e-6);
  });

  it("routes missing values (NaN) down each node's default branch as xgboost does", () => {
    const m = ref.missing_cases!;
    const out = predict(forest, rowsWithMissing(m.rows), m.rows.length);
    expect(maxAbsDiff(out, m.expected as number[])).toBeLessThan(1e-6);
  });
});

describe("xgboost-multiclass (multi:softprob, 3 classes)", () => {
  const ref = fixtureJson<Reference>("xgboost-multiclass.reference.json");
  const forest = loadForest(fixtureBytes("src/xgboost-multiclass/1/xgboost.json"), "xgboost_json");
  const c = ref.cases[0]!;
  const { x, rows } = caseInput(c);

  it("predict_proba gives [rows, 3] probabilities as xgboost does", () => {
    expect(forest).toMatchObject({ task: "multiclass", numGroups: 3, numClasses: 3, numTrees: 18 });
    const opts = { outputClass: true, predictProba: true };
    expect(outputColumns(forest, opts)).toBe(3);
    const out = predict(forest, x, rows, opts);
    expect(c.response.outputs[0]!.shape).toEqual([rows, 3]);
    expect(maxAbsDiff(out, c.response.outputs[0]!.data)).toBeLessThan(1e-6);
    expect(Array.from(predictMargins(forest, x, rows))).toEqual((c.margin as number[][]).flat());
  });

  it("output_class gives the argmax class", () => {
    expect(Array.from(predict(forest, x, rows, { outputClass: true }))).toEqual(c.classes);
  });

  it("handles missing values", () => {
    const m = ref.missing_cases!;
    const out = predict(forest, rowsWithMissing(m.rows), m.rows.length, { predictProba: true });
    expect(maxAbsDiff(out, (m.expected as number[][]).flat())).toBeLessThan(1e-6);
  });
});

describe("XGBoost objectives and boosters (fil-objectives, each as JSON and UBJSON)", () => {
  const ref = fixtureJson<{ rows: (number | null)[][]; models: { name: string; objective: string; predict: number[] | number[][]; margin: number[] | number[][] }[] }>("fil-objectives/reference.json");
  const x = rowsWithMissing(ref.rows);
  const rows = ref.rows.length;

  for (const m of ref.models) {
    for (const [ext, type] of [
      ["json", "xgboost_json"],
      ["ubj", "xgboost_ubj"],
    ] as [string, ModelType][]) {
      it(`${m.name} (${m.objective}, ${ext}) answers as xgboost does`, () => {
        const forest = loadForest(fixtureBytes(`fil-objectives/${m.name}.${ext}`), type);
        expect(forest.objective).toBe(m.objective);
        // XGBoost's predict is FIL's output with output_class false.
        expect(maxAbsDiff(predict(forest, x, rows), m.predict.flat())).toBeLessThan(1e-6);
        expect(maxAbsDiff(predictMargins(forest, x, rows), m.margin.flat())).toBe(0);
      });
    }
  }

  it("JSON and UBJSON of one model load to the same forest", () => {
    for (const m of ref.models) {
      const a = loadForest(fixtureBytes(`fil-objectives/${m.name}.json`), "xgboost_json");
      const b = loadForest(fixtureBytes(`fil-objectives/${m.name}.ubj`), "xgboost_ubj");
      expect({ ...b, modelType: "xgboost_json" }).toEqual(a);
    }
  });
});

describe("lightgbm-binary (hand-made model.txt, hand-traced reference)", () => {
  const ref = fixtureJson<Reference>("lightgbm-binary.reference.json");
  const forest = loadForest(fixtureBytes("src/lightgbm-binary/1/model.txt"), "lightgbm");
  const c = ref.cases[0]!;
  const { x, rows } = caseInput(c);

  it("reads the model's shape", () => {
    expect(forest).toMatchObject({ modelType: "lightgbm", task: "binary", numFeatures: 4, numTrees: 4, numNodes: 7 + 5 + 5 + 3, objective: "binary sigmoid:1", comparison: "le" });
  });

  it("answers the reference exactly: raw scores and P(class 1)", () => {
    expect(Array.from(predictMargins(forest, x, rows))).toEqual(c.raw);
    expect(Array.from(predict(forest, x, rows))).toEqual(c.response.outputs[0]!.data);
    expect(Array.from(predict(forest, x, rows, { outputClass: true }))).toEqual(c.classes);
  });

  it("answers the missing-value rows exactly (None, Zero and NaN missing types)", () => {
    const m = ref.missing_cases!;
    const mx = rowsWithMissing(m.rows);
    expect(Array.from(predictMargins(forest, mx, m.rows.length))).toEqual(m.raw);
    expect(Array.from(predict(forest, mx, m.rows.length))).toEqual(m.expected);
  });
});
