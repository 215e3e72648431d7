/**
 * Models the loaders must refuse with a clear ForestError, never a crash: hand-broken XGBoost
 * documents, wrong model types, and seeded byte-level fuzzing of every fixture format.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/test/support/triton/seeded-random";
import { ForestError, loadForest, predict, type ModelType } from "./load-forest";
import { enc, fixtureBytes, xgboostDoc, type HandTree } from "@/test/support/engine/fil-fixtures";

const stump: HandTree = { left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [0.5, 1, 2], default_left: [1, 0, 0] };

function refusal(bytes: Uint8Array, type: ModelType = "xgboost_json"): ForestError {
  try {
    loadForest(bytes, type);
  } catch (e) {
    expect(e).toBeInstanceOf(ForestError);
    return e as ForestError;
  }
  throw new Error("the model was accepted");
}

type Doc = Record<string, unknown> & { learner: Record<string, unknown> & { gradient_booster: { name: string; model: Record<string, unknown> & { trees: Record<string, unknown>[] } }; learner_model_param: Record<string, unknown>; objective: Record<string, unknown> } };

/** A valid document, changed by `edit`. */
function edited(edit: (doc: Doc) => void, trees: HandTree[] = [stump], opts: Parameters<typeof xgboostDoc>[1] = {}): Uint8Array {
  const doc = xgboostDoc(trees, opts) as Doc;
  edit(doc);
  return enc(doc);
}

describe("XGBoost models refused with a clear error", () => {
  it("accepts the unedited document (the cases below differ from it by one thing)", () => {
    expect(loadForest(edited(() => {}), "xgboost_json").numTrees).toBe(1);
  });

  it.each([
    ["not JSON", enc("{ nope"), /xgboost.json is not valid JSON/],
    ["not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8 text/],
    ["a JSON array", enc("[1, 2]"), /the document is missing or not an object/],
    ["a tree dump instead of a model", enc({ trees: [] }), /tree dump, not a model/],
    ["no learner_model_param", edited((d) => delete (d.learner as Record<string, unknown>).learner_model_param), /learner.learner_model_param is missing/],
    ["an unknown objective", edited((d) => (d.learner.objective.name = "survival:aft")), /objective "survival:aft" is not supported/],
    ["gblinear", edited((d) => (d.learner.gradient_booster.name = "gblinear")), /booster "gblinear" is not supported/],
    ["no num_feature", edited((d) => delete d.learner.learner_model_param.num_feature), /num_feature is missing or not a number/],
    ["num_feature 0", edited((d) => (d.learner.learner_model_param.num_feature = "0")), /num_feature must be an integer in \[1,/],
    ["a bad base_score", edited((d) => (d.learner.learner_model_param.base_score = "half")), /base_score is missing or not a number/],
    ["base_score 1 for binary:logistic", edited((d) => (d.learner.learner_model_param.base_score = "1"), [stump], { objective: "binary:logistic" }), /base_score 1 must be in \(0, 1\)/],
    ["base_score 0 for count:poisson", edited((d) => (d.learner.learner_model_param.base_score = "0"), [stump], { objective: "count:poisson" }), /must be positive/],
    ["a base_score vector of the wrong length", edited((d) => (d.learner.learner_model_param.base_score = "[1,2]")), /base_score has 2 values for 1 outputs/],
    ["multi:softprob with num_class 0", edited((d) => (d.learner.objective.name = "multi:softprob")), /needs num_class >= 2/],
    ["num_class with a binary objective", edited((d) => (d.learner.learner_model_param.num_class = "3")), /num_class 3 with objective/],
    ["multi-target trees", edited((d) => (d.learner.learner_model_param.num_target = "2")), /multi-target/],
    ["trees not an array", edited((d) => (d.learner.gradient_booster.model.trees = {} as never)), /trees is missing or not an array/],
    ["num_trees that disagrees", edited((d) => ((d.learner.gradient_booster.model.gbtree_model_param as Record<string, string>).num_trees = "2")), /num_trees is 2, but there are 1 trees/],
    ["tree_info too short", edited((d) => (d.learner.gradient_booster.model.tree_info = [])), /tree_info has 0 entries, expected 1/],
    ["tree_info out of range", edited((d) => (d.learner.gradient_booster.model.tree_info = [1])), /tree_info\[0\] is 1, outside \[0, 1\)/],
    ["an empty tree", edited(() => {}, [{ left_children: [], right_children: [], split_indices: [], split_conditions: [], default_left: [] }]), /left_children is missing or empty/],
    ["arrays of different lengths", edited(() => {}, [{ ...stump, split_conditions: [0.5, 1] }]), /split_conditions has 2 entries, expected 3/],
    ["a string in a node array", edited(() => {}, [{ ...stump, split_indices: [0, "x", 0] as never }]), /split_indices\[1\] is not a number/],
    ["a child out of range", edited(() => {}, [{ ...stump, right_children: [7, -1, -1] }]), /child index \(7\) points outside the tree's 3 nodes/],
    ["a cycle", edited(() => {}, [{ ...stump, left_children: [1, 0, -1], right_children: [2, 2, -1] }]), /is reached twice/],
    ["a node reached twice", edited(() => {}, [{ ...stump, left_children: [2, -1, -1] }]), /node 2 is reached twice/],
    ["a feature beyond num_feature", edited(() => {}, [{ ...stump, split_indices: [5, 0, 0] }]), /node 0 splits on feature 5, but the model has 2 features/],
    ["a negative split index", edited(() => {}, [{ ...stump, split_indices: [-1, 0, 0] }]), /split index -1/],
    ["a categorical split", edited(() => {}, [{ ...stump, split_type: [1, 0, 0] }]), /categorical split, which is not supported/],
    ["vector leaves", edited((d) => ((d.learner.gradient_booster.model.trees[0]!.tree_param as Record<string, string>).size_leaf_vector = "3")), /vector leaves/],
    ["num_nodes that disagrees", edited((d) => ((d.learner.gradient_booster.model.trees[0]!.tree_param as Record<string, string>).num_nodes = "9")), /num_nodes is 9/],
  ])("%s", (_, bytes, message) => {
    expect(refusal(bytes).message).toMatch(message);
  });

  it("says unsupported for valid models it does not run, malformed for broken ones", () => {
    expect(refusal(edited((d) => (d.learner.gradient_booster.name = "gblinear"))).code).toBe("unsupported");
    expect(refusal(edited(() => {}, [{ ...stump, split_type: [1, 0, 0] }])).code).toBe("unsupported");
    expect(refusal(enc("{")).code).toBe("malformed");
  });
});

describe("model type mix-ups", () => {
  it("a JSON model given as UBJSON, and UBJSON given as JSON", () => {
    expect(refusal(fixtureBytes("src/xgboost-binary/1/xgboost.json"), "xgboost_ubj").message).toMatch(/JSON text, not UBJSON: use model_type xgboost_json/);
    expect(refusal(fixtureBytes("src/xgboost-ubj/1/xgboost.ubj"), "xgboost_json").message).toMatch(/not valid JSON|not UTF-8/);
  });

  it("a LightGBM model given as XGBoost, and XGBoost given as LightGBM", () => {
    expect(refusal(fixtureBytes("src/lightgbm-binary/1/model.txt"), "xgboost_json").message).toMatch(/not valid JSON/);
    expect(refusal(fixtureBytes("src/lightgbm-binary/1/model.txt"), "xgboost_ubj").message).toMatch(/not a UBJSON model/);
    expect(refusal(fixtureBytes("src/xgboost-binary/1/xgboost.json"), "lightgbm").message).toMatch(/first line must be "tree"/);
  });

  it("an unknown model_type, an empty file, and something that is not bytes", () => {
    expect(refusal(new Uint8Array(0), "xgboost" as ModelType).message).toMatch(/model_type "xgboost" is not supported here/);
    expect(refusal(new Uint8Array(0), "xgboost_json").message).toMatch(/not valid JSON/);
    expect(refusal(new Uint8Array(0), "xgboost_ubj").message).toMatch(/must start with an object/);
    expect(refusal(new Uint8Array(0), "lightgbm").message).toMatch(/first line must be "tree"/);
    expect(refusal("{}" as unknown as Uint8Array).message).toMatch(/bytes/);
  });
});

describe("fuzzing: damaged model files load or are refused with a ForestError, never anything else", () => {
  const cases: [string, ModelType][] = [
    ["src/xgboost-ubj/1/xgboost.ubj", "xgboost_ubj"],
    ["fil-objectives/multi-softprob-base.ubj", "xgboost_ubj"],
    ["src/xgboost-binary/1/xgboost.json", "xgboost_json"],
    ["src/lightgbm-binary/1/model.txt", "lightgbm"],
  ];

  for (const [file, type] of cases) {
    it(`${file}: 400 mutations`, () => {
      const original = fixtureBytes(file);
      const rand = seededRandom(original.length);
      let loaded = 0;
      let refused = 0;
      for (let i = 0; i < 400; i++) {
        const bytes = original.slice();
        const kind = rand.int(4);
        if (kind === 0) {
          // a few random bytes
          for (let k = rand.int(4) + 1; k > 0; k--) bytes[rand.int(bytes.length)] = rand.int(256);
        } else if (kind === 1) {
          // truncate
          const cut = rand.int(bytes.length);
          bytes.fill(0x20, cut);
          if (type !== "lightgbm") {
            if (expectLoadsOrRefused(bytes.subarray(0, cut), type)) loaded++;
            else refused++;
            continue;
          }
        } else if (kind === 2) {
          // a digit changed (thresholds, indices, counts)
          const digits = [...bytes.keys()].filter((k) => bytes[k]! >= 0x30 && bytes[k]! <= 0x39);
          if (digits.length) bytes[rand.pick(digits)] = 0x30 + rand.int(10);
        } else {
          // one byte flipped to an extreme
          bytes[rand.int(bytes.length)] = rand.pick([0x00, 0x7f, 0xff, 0x5b, 0x7b, 0x23, 0x24, 0x4c]);
        }
        if (expectLoadsOrRefused(bytes, type)) loaded++;
        else refused++;
      }
      // Both outcomes happen: the mutations reach past the first parse error into the model checks.
      expect(loaded).toBeGreaterThan(10);
      expect(refused).toBeGreaterThan(10);
    });
  }

  /** Loads (and then predicts on a few rows, NaN included, without throwing) or throws a ForestError. */
  function expectLoadsOrRefused(bytes: Uint8Array, type: ModelType): boolean {
    let forest;
    try {
      forest = loadForest(bytes, type);
    } catch (e) {
      if (!(e instanceof ForestError)) throw new Error(`not a ForestError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      expect(e.message.length).toBeGreaterThan(10);
      return false;
    }
    const rows = 4;
    const x = Float32Array.from({ length: rows * forest.numFeatures }, (_, i) => (i % 7 === 0 ? NaN : (i % 5) / 4 - 0.25));
    expect(predict(forest, x, rows).length).toBeGreaterThanOrEqual(rows);
    return true;
  }
});
