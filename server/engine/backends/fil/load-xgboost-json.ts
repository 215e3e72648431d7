/**
 * XGBoost's JSON model (`save_model("xgboost.json")`, XGBoost >= 1.0) into a Forest. The UBJSON
 * loader parses its bytes into the same document and comes through `forestFromXgboostDocument`.
 *
 * What XGBoost does, and so what this does:
 * - Trees: `learner.gradient_booster.model.trees[i]` with parallel arrays `left_children`,
 *   `right_children` (-1 at a leaf), `split_indices`, `split_conditions` (the threshold, or the
 *   leaf value at a leaf), `default_left`. `x < threshold` goes left; NaN goes the default way.
 *   Thresholds and leaf values are float32.
 * - `tree_info[i]` is the output group (class) tree i adds to; multi-class trees are interleaved.
 * - `learner_model_param.base_score` is stored in the objective's response space (a probability
 *   for binary:logistic) and turned into a margin as XGBoost's `ProbToMargin` does: logit for
 *   binary:logistic and reg:logistic, log for count:poisson, reg:gamma, reg:tweedie, as-is for
 *   every other objective (checked against xgboost 1.7.4). XGBoost 3 may store a vector
 *   (`[5E-1]`, or one value per class for multi-class, applied as-is).
 * - Each row's margin is summed in float32, starting at the base margin, tree by tree.
 * - dart: each tree's leaves are scaled by its `weight_drop`, as XGBoost's dart predictor does.
 */
import {
  DEFAULT_LEFT,
  ForestBuilder,
  LIMITS,
  MISSING_NAN,
  malformed,
  unsupported,
  type Forest,
  type ForestTask,
  type OutputTransform,
} from "./forest";

const decoder = new TextDecoder("utf-8", { fatal: true });

export function loadXgboostJson(bytes: Uint8Array): Forest {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw malformed("xgboost.json is not UTF-8 text (a UBJSON model needs model_type xgboost_ubj)");
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw malformed(`xgboost.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return forestFromXgboostDocument(doc, "xgboost_json");
}

interface ObjectiveInfo {
  task: ForestTask;
  transform: OutputTransform;
  probabilistic: boolean;
  /** XGBoost's ProbToMargin for this objective. */
  baseToMargin: "logit" | "log" | "identity";
}

const REGRESSION: ObjectiveInfo = { task: "regression", transform: "identity", probabilistic: false, baseToMargin: "identity" };
const EXP: ObjectiveInfo = { task: "regression", transform: "exp", probabilistic: false, baseToMargin: "log" };

const OBJECTIVES: Record<string, ObjectiveInfo> = {
  "binary:logistic": { task: "binary", transform: "sigmoid", probabilistic: true, baseToMargin: "logit" },
  "binary:logitraw": { task: "binary", transform: "identity", probabilistic: false, baseToMargin: "identity" },
  "binary:hinge": { task: "binary", transform: "hinge", probabilistic: false, baseToMargin: "identity" },
  "reg:logistic": { task: "regression", transform: "sigmoid", probabilistic: false, baseToMargin: "logit" },
  "reg:squarederror": REGRESSION,
  "reg:linear": REGRESSION,
  "reg:squaredlogerror": REGRESSION,
  "reg:pseudohubererror": REGRESSION,
  "reg:absoluteerror": REGRESSION,
  "reg:quantileerror": REGRESSION,
  "rank:pairwise": REGRESSION,
  "rank:ndcg": REGRESSION,
  "rank:map": REGRESSION,
  "count:poisson": EXP,
  "reg:gamma": EXP,
  "reg:tweedie": EXP,
  "multi:softprob": { task: "multiclass", transform: "softmax", probabilistic: true, baseToMargin: "identity" },
  // multi:softmax answers class ids; its margins are the same as softprob's, so predict_proba gives the softmax.
  "multi:softmax": { task: "multiclass", transform: "max_index", probabilistic: true, baseToMargin: "identity" },
};

type Doc = Record<string, unknown>;

function isObject(v: unknown): v is Doc {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function obj(v: unknown, path: string): Doc {
  if (!isObject(v)) throw malformed(`XGBoost model: ${path} is missing or not an object`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== "string") throw malformed(`XGBoost model: ${path} is missing or not a string`);
  return v;
}

/** XGBoost writes its model parameters as strings ("4", "5E-1"); older or hand-made files may use numbers. */
function numParam(v: unknown, path: string): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw malformed(`XGBoost model: ${path} is missing or not a number (${JSON.stringify(v) ?? "undefined"})`);
  return n;
}

function intParam(v: unknown, path: string, min: number, max: number): number {
  const n = numParam(v, path);
  if (!Number.isInteger(n) || n < min || n > max) throw malformed(`XGBoost model: ${path} must be an integer in [${min}, ${max}], got ${n}`);
  return n;
}

/** A numeric array: a JSON array of numbers (or booleans), or a typed array from UBJSON. */
function numArray(v: unknown, path: string, length: number): ArrayLike<number> {
  let arr: ArrayLike<unknown>;
  if (Array.isArray(v)) arr = v;
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)) arr = v as unknown as ArrayLike<number>;
  else throw malformed(`XGBoost model: ${path} is missing or not an array`);
  if (arr.length !== length) throw malformed(`XGBoost model: ${path} has ${arr.length} entries, expected ${length}`);
  if (Array.isArray(arr)) {
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const e = arr[i];
      if (typeof e === "number") out[i] = e;
      else if (typeof e === "boolean") out[i] = e ? 1 : 0;
      else throw malformed(`XGBoost model: ${path}[${i}] is not a number`);
    }
    return out;
  }
  return arr as ArrayLike<number>;
}

/** base_score: "5E-1", a number, or XGBoost 3's vector form "[5E-1]" / "[a,b,c]". */
function baseScores(v: unknown, path: string): number[] {
  if (typeof v === "string" && v.trim().startsWith("[")) {
    const inner = v.trim().slice(1, -1);
    if (!v.trim().endsWith("]") || inner.trim() === "") throw malformed(`XGBoost model: ${path} is not a number or a list of numbers (${v})`);
    return inner.split(",").map((s, i) => numParam(s, `${path}[${i}]`));
  }
  return [numParam(v, path)];
}

function toMargin(base: number, how: ObjectiveInfo["baseToMargin"], objective: string): number {
  const b = Math.fround(base);
  if (how === "logit") {
    if (!(b > 0 && b < 1)) throw malformed(`XGBoost model: base_score ${base} must be in (0, 1) for ${objective}`);
    // XGBoost: -logf(1.0f / base_score - 1.0f), every step in float32.
    return Math.fround(-Math.log(Math.fround(Math.fround(1 / b) - 1)));
  }
  if (how === "log") {
    if (!(b > 0)) throw malformed(`XGBoost model: base_score ${base} must be positive for ${objective}`);
    return Math.fround(Math.log(b));
  }
  return b;
}

/** The XGBoost model document (from JSON or UBJSON) into a Forest. */
export function forestFromXgboostDocument(doc: unknown, modelType: "xgboost_json" | "xgboost_ubj"): Forest {
  const root = obj(doc, "the document");
  if (!("learner" in root) && "trees" in root) throw malformed("XGBoost model: this looks like a tree dump, not a model saved with save_model (no learner)");
  const learner = obj(root.learner, "learner");
  const param = obj(learner.learner_model_param, "learner.learner_model_param");
  const objectiveName = str(obj(learner.objective, "learner.objective").name, "learner.objective.name");
  const info = OBJECTIVES[objectiveName];
  if (!info) throw unsupported(`XGBoost objective "${objectiveName}" is not supported (supported: ${Object.keys(OBJECTIVES).join(", ")})`);

  const numFeatures = intParam(param.num_feature, "learner_model_param.num_feature", 1, LIMITS.maxFeatures);
  const numClassParam = param.num_class === undefined ? 0 : intParam(param.num_class, "learner_model_param.num_class", 0, LIMITS.maxClasses);
  if (param.num_target !== undefined && intParam(param.num_target, "learner_model_param.num_target", 0, LIMITS.maxClasses) > 1) {
    throw unsupported("XGBoost multi-target models (num_target > 1) are not supported");
  }
  const isMulti = info.task === "multiclass";
  if (isMulti && numClassParam < 2) throw malformed(`XGBoost model: ${objectiveName} needs num_class >= 2, got ${numClassParam}`);
  if (!isMulti && numClassParam > 1) throw malformed(`XGBoost model: num_class ${numClassParam} with objective ${objectiveName}`);
  const numGroups = isMulti ? numClassParam : 1;

  const bases = baseScores(param.base_score, "learner_model_param.base_score");
  let baseMargin: Float64Array;
  if (bases.length === 1) baseMargin = new Float64Array(numGroups).fill(toMargin(bases[0]!, info.baseToMargin, objectiveName));
  else if (bases.length === numGroups) baseMargin = Float64Array.from(bases, (b) => toMargin(b, info.baseToMargin, objectiveName));
  else throw malformed(`XGBoost model: base_score has ${bases.length} values for ${numGroups} outputs`);

  // gbtree holds the model directly; dart wraps a gbtree and adds per-tree weights.
  const booster = obj(learner.gradient_booster, "learner.gradient_booster");
  const boosterName = str(booster.name, "gradient_booster.name");
  let model: Doc;
  let weights: ArrayLike<number> | null = null;
  if (boosterName === "gbtree") model = obj(booster.model, "gradient_booster.model");
  else if (boosterName === "dart") {
    model = obj(obj(booster.gbtree, "gradient_booster.gbtree").model, "gradient_booster.gbtree.model");
  } else throw unsupported(`XGBoost booster "${boosterName}" is not supported (gbtree and dart are; gblinear is not a tree model)`);

  const trees = model.trees;
  if (!Array.isArray(trees)) throw malformed("XGBoost model: gradient_booster.model.trees is missing or not an array");
  const numTrees = trees.length;
  const treeInfo = numArray(model.tree_info, "gradient_booster.model.tree_info", numTrees);
  if (boosterName === "dart") weights = numArray(booster.weight_drop, "gradient_booster.weight_drop", numTrees);
  const gbParam = isObject(model.gbtree_model_param) ? model.gbtree_model_param : {};
  if (gbParam.num_trees !== undefined && intParam(gbParam.num_trees, "gbtree_model_param.num_trees", 0, LIMITS.maxNodes) !== numTrees) {
    throw malformed(`XGBoost model: gbtree_model_param.num_trees is ${String(gbParam.num_trees)}, but there are ${numTrees} trees`);
  }

  const builder = new ForestBuilder(numFeatures, "lt");
  let totalNodes = 0;
  for (let t = 0; t < numTrees; t++) {
    const path = `trees[${t}]`;
    const tree = obj(trees[t], path);
    const group = treeInfo[t]!;
    if (!Number.isInteger(group) || group < 0 || group >= numGroups) throw malformed(`XGBoost model: tree_info[${t}] is ${group}, outside [0, ${numGroups})`);
    const tp = isObject(tree.tree_param) ? tree.tree_param : {};
    if (tp.size_leaf_vector !== undefined && numParam(tp.size_leaf_vector, `${path}.tree_param.size_leaf_vector`) > 1) {
      throw unsupported(`XGBoost model: ${path} has vector leaves (multi_strategy multi_output_tree), which are not supported`);
    }
    const left = tree.left_children;
    const count = Array.isArray(left) || ArrayBuffer.isView(left) ? (left as ArrayLike<unknown>).length : -1;
    if (count < 1) throw malformed(`XGBoost model: ${path}.left_children is missing or empty`);
    totalNodes += count;
    if (totalNodes > LIMITS.maxNodes) throw unsupported(`XGBoost model: more than ${LIMITS.maxNodes} nodes`);
    if (tp.num_nodes !== undefined && numParam(tp.num_nodes, `${path}.tree_param.num_nodes`) !== count) {
      throw malformed(`XGBoost model: ${path}.tree_param.num_nodes is ${String(tp.num_nodes)}, but left_children has ${count} entries`);
    }
    const lc = numArray(left, `${path}.left_children`, count);
    const rc = numArray(tree.right_children, `${path}.right_children`, count);
    const si = numArray(tree.split_indices, `${path}.split_indices`, count);
    const sc = numArray(tree.split_conditions, `${path}.split_conditions`, count);
    const dl = numArray(tree.default_left, `${path}.default_left`, count);
    const st = tree.split_type === undefined ? null : numArray(tree.split_type, `${path}.split_type`, count);
    const weight = weights ? Math.fround(weights[t]!) : 1;

    const feature = new Int32Array(count);
    const value = new Float64Array(count);
    const flags = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      if (lc[i] === -1) {
        // A leaf: split_conditions holds its value (float32). dart scales each tree by its weight, in float32.
        feature[i] = -1;
        value[i] = weights ? Math.fround(Math.fround(sc[i]!) * weight) : Math.fround(sc[i]!);
        if (!Number.isFinite(value[i]!)) throw malformed(`XGBoost model: ${path} leaf ${i} has value ${sc[i]}`);
        continue;
      }
      if (st && st[i] !== 0) throw unsupported(`XGBoost model: ${path} node ${i} is a categorical split, which is not supported`);
      const f = si[i]!;
      if (!Number.isInteger(f) || f < 0) throw malformed(`XGBoost model: ${path} node ${i} has split index ${f}`);
      if (Number.isNaN(sc[i]!)) throw malformed(`XGBoost model: ${path} node ${i} has a NaN threshold`);
      feature[i] = f;
      value[i] = Math.fround(sc[i]!);
      flags[i] = MISSING_NAN | (dl[i] ? DEFAULT_LEFT : 0);
    }
    builder.addTree({ root: 0, feature, left: lc, right: rc, value, flags, describe: (i) => `node ${i}` }, group);
  }

  const arrays = builder.finish();
  return {
    modelType,
    objective: objectiveName,
    task: info.task,
    numFeatures,
    numGroups,
    numClasses: info.task === "regression" ? 0 : info.task === "binary" ? 2 : numClassParam,
    transform: info.transform,
    probabilistic: info.probabilistic,
    sigmoidScale: 1,
    baseMargin,
    averageDivisor: 1,
    float32Sum: true,
    comparison: "lt",
    numTrees,
    ...arrays,
  };
}
