/**
 * LightGBM's text model (`model.txt`, `Booster.save_model`) into a Forest.
 *
 * The file: a `tree` line, header `key=value` lines (`num_class`, `num_tree_per_iteration`,
 * `max_feature_idx`, `objective`, an `average_output` flag for random forests, ...), then one
 * block per tree starting `Tree=<i>`, then `end of trees` and sections this ignores
 * (feature importances, parameters). A tree block with `num_leaves=L` holds L-1 internal nodes:
 * `split_feature`, `threshold`, `decision_type`, `left_child`, `right_child` (a child >= 0 is an
 * internal node, a negative one is leaf ~child), and L `leaf_value`s.
 *
 * LightGBM's semantics, which this reproduces (Tree::NumericalDecision and GBDT::Predict):
 * - decision_type bit 0: categorical split (refused here), bit 1: default left,
 *   bits 2-3: missing type 0 None, 1 Zero, 2 NaN.
 * - A NaN input is read as 0 unless the missing type is NaN. Then, with missing type Zero and
 *   |x| <= 1e-35f, or missing type NaN and x NaN, the node goes the default way; otherwise
 *   `x <= threshold` goes left, compared in float64 (thresholds are doubles).
 * - leaf_value already includes the tree's shrinkage (the `shrinkage=` line is informational).
 * - Leaf values are summed in float64 in tree order; tree i adds to class i % num_tree_per_iteration;
 *   with `average_output` the sum is divided by the number of iterations.
 * - Output: `binary sigmoid:S` 1/(1+exp(-S*m)); multiclass softmax; multiclassova per-class
 *   sigmoid; poisson/gamma/tweedie exp; regression `sqrt` sign(m)*m^2; others as-is.
 */
import {
  DEFAULT_LEFT,
  ForestBuilder,
  LIMITS,
  MISSING_NAN,
  MISSING_ZERO,
  malformed,
  unsupported,
  type Forest,
  type ForestTask,
  type OutputTransform,
} from "./forest";

interface Objective {
  task: ForestTask;
  transform: OutputTransform;
  probabilistic: boolean;
  sigmoid: number;
  numClass: number | null;
}

const IDENTITY_OBJECTIVES = new Set([
  "regression",
  "regression_l1",
  "huber",
  "fair",
  "quantile",
  "mape",
  "lambdarank",
  "rank_xendcg",
  "custom",
  "none",
]);
const EXP_OBJECTIVES = new Set(["poisson", "gamma", "tweedie"]);

/** The `objective=` line: a name and `key:value` / flag tokens, e.g. `binary sigmoid:1`, `multiclass num_class:3`, `regression sqrt`. */
function parseObjective(line: string | undefined): Objective {
  if (line === undefined || line.trim() === "") return { task: "regression", transform: "identity", probabilistic: false, sigmoid: 1, numClass: null };
  const [name, ...rest] = line.trim().split(/\s+/);
  const opts = new Map<string, string>();
  for (const t of rest) {
    const i = t.indexOf(":");
    opts.set(i < 0 ? t : t.slice(0, i), i < 0 ? "" : t.slice(i + 1));
  }
  const sigmoid = opts.has("sigmoid") ? parseNumber(opts.get("sigmoid")!, "objective sigmoid") : 1;
  if (!(sigmoid > 0)) throw malformed(`LightGBM model: objective sigmoid:${opts.get("sigmoid")} must be positive`);
  const numClass = opts.has("num_class") ? parseInteger(opts.get("num_class")!, "objective num_class") : null;
  switch (name) {
    case "binary":
      return { task: "binary", transform: "sigmoid", probabilistic: true, sigmoid, numClass };
    case "cross_entropy":
    case "xentropy":
      return { task: "regression", transform: "sigmoid", probabilistic: false, sigmoid: 1, numClass };
    case "multiclass":
    case "softmax":
      return { task: "multiclass", transform: "softmax", probabilistic: true, sigmoid: 1, numClass };
    case "multiclassova":
    case "multiclass_ova":
    case "ova":
    case "ovr":
      return { task: "multiclass", transform: "multiclass_ova", probabilistic: true, sigmoid, numClass };
  }
  if (EXP_OBJECTIVES.has(name!)) return { task: "regression", transform: "exp", probabilistic: false, sigmoid: 1, numClass };
  if (IDENTITY_OBJECTIVES.has(name!)) {
    return { task: "regression", transform: opts.has("sqrt") ? "signed_square" : "identity", probabilistic: false, sigmoid: 1, numClass };
  }
  throw unsupported(`LightGBM objective "${name}" is not supported (binary, multiclass, multiclassova, regression and its variants, poisson, gamma, tweedie, cross_entropy and ranking objectives are)`);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(s: string, what: string): number {
  if (NUMBER.test(s)) return Number(s);
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (lower === "nan" || lower === "-nan") return NaN;
  throw malformed(`LightGBM model: ${what}: "${s.slice(0, 40)}" is not a number`);
}

function parseInteger(s: string, what: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw malformed(`LightGBM model: ${what}: "${s.slice(0, 40)}" is not an integer`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw malformed(`LightGBM model: ${what}: ${s} is out of range`);
  return n;
}

function intValue(map: Map<string, string>, key: string, what: string, min: number, max: number): number {
  const s = map.get(key);
  if (s === undefined) throw malformed(`LightGBM model: ${what} has no ${key}=`);
  const n = parseInteger(s.trim(), `${what} ${key}`);
  if (n < min || n > max) throw malformed(`LightGBM model: ${what} ${key}=${n} is outside [${min}, ${max}]`);
  return n;
}

function list(map: Map<string, string>, key: string, what: string, length: number, parse: (s: string, w: string) => number): number[] {
  const s = map.get(key);
  if (s === undefined) {
    if (length === 0) return [];
    throw malformed(`LightGBM model: ${what} has no ${key}=`);
  }
  const parts = s.trim() === "" ? [] : s.trim().split(/\s+/);
  if (parts.length !== length) throw malformed(`LightGBM model: ${what} ${key} has ${parts.length} values, expected ${length}`);
  return parts.map((p, i) => parse(p, `${what} ${key}[${i}]`));
}

/** `key=value` lines into a map (a line without `=` is a flag with an empty value). */
function keyValue(line: string): [string, string] {
  const i = line.indexOf("=");
  return i < 0 ? [line.trim(), ""] : [line.slice(0, i).trim(), line.slice(i + 1)];
}

export function loadLightgbmText(bytes: Uint8Array): Forest {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw malformed("model.txt is not UTF-8 text (a LightGBM model is saved with Booster.save_model as text)");
  }
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  if (lines[i]?.trim() !== "tree") {
    throw malformed(`model.txt is not a LightGBM text model: its first line must be "tree", found "${(lines[i] ?? "").slice(0, 40)}"`);
  }
  i++;

  const header = new Map<string, string>();
  for (; i < lines.length && !lines[i]!.startsWith("Tree="); i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (line.trim() === "end of trees") break;
    const [k, v] = keyValue(line);
    header.set(k, v);
  }

  const objective = parseObjective(header.get("objective"));
  const numClass = header.has("num_class") ? intValue(header, "num_class", "header", 1, LIMITS.maxClasses) : 1;
  const perIteration = header.has("num_tree_per_iteration") ? intValue(header, "num_tree_per_iteration", "header", 1, LIMITS.maxClasses) : numClass;
  const numFeatures = intValue(header, "max_feature_idx", "header", 0, LIMITS.maxFeatures - 1) + 1;
  if (objective.numClass !== null && objective.numClass !== numClass) {
    throw malformed(`LightGBM model: objective says num_class:${objective.numClass}, header num_class=${numClass}`);
  }
  if (objective.task === "multiclass") {
    if (numClass < 2 || perIteration !== numClass) throw malformed(`LightGBM model: multi-class objective with num_class=${numClass}, num_tree_per_iteration=${perIteration}`);
  } else if (numClass !== 1 || perIteration !== 1) {
    throw unsupported(`LightGBM model: ${numClass} classes / ${perIteration} trees per iteration with objective ${header.get("objective")?.trim() ?? "(none)"}`);
  }
  if (header.has("linear_tree") && header.get("linear_tree")!.trim() !== "0") throw unsupported("LightGBM linear trees (linear_tree) are not supported");

  // Tree blocks.
  const builder = new ForestBuilder(numFeatures, "le");
  let numTrees = 0;
  let totalNodes = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (line.trim() === "end of trees") break;
    if (!line.startsWith("Tree=")) {
      // Sections after the trees when `end of trees` is missing.
      if (/^(feature_importances|parameters|pandas_categorical)[:=]/.test(line)) break;
      throw malformed(`LightGBM model: line ${i + 1}: expected "Tree=${numTrees}", found "${line.slice(0, 40)}"`);
    }
    const index = parseInteger(line.slice(5).trim(), `line ${i + 1} Tree=`);
    if (index !== numTrees) throw malformed(`LightGBM model: line ${i + 1}: Tree=${index} where Tree=${numTrees} was expected`);
    const block = new Map<string, string>();
    for (i++; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.trim() === "" || l.startsWith("Tree=") || l.trim() === "end of trees") break;
      const [k, v] = keyValue(l);
      block.set(k, v);
    }
    const what = `Tree=${numTrees}`;
    const numLeaves = intValue(block, "num_leaves", what, 1, LIMITS.maxNodes);
    totalNodes += 2 * numLeaves - 1;
    if (totalNodes > LIMITS.maxNodes) throw unsupported(`LightGBM model: more than ${LIMITS.maxNodes} nodes`);
    if (block.has("num_cat") && intValue(block, "num_cat", what, 0, LIMITS.maxNodes) > 0) {
      throw unsupported(`LightGBM model: ${what} has categorical splits (num_cat > 0), which are not supported`);
    }
    if (block.has("is_linear") && block.get("is_linear")!.trim() !== "0") throw unsupported(`LightGBM model: ${what} is a linear tree (is_linear=1), which is not supported`);
    const internal = numLeaves - 1;
    const leafValues = list(block, "leaf_value", what, numLeaves, parseNumber);
    const features = list(block, "split_feature", what, internal, parseInteger);
    const thresholds = list(block, "threshold", what, internal, parseNumber);
    const decisionTypes = block.has("decision_type") || internal > 0 ? list(block, "decision_type", what, internal, parseInteger) : [];
    const lefts = list(block, "left_child", what, internal, parseInteger);
    const rights = list(block, "right_child", what, internal, parseInteger);

    // Internal node k is source node k; leaf j is source node internal + j; the root is node 0 (leaf 0 for a one-leaf tree).
    const count = internal + numLeaves;
    const feature = new Int32Array(count).fill(-1);
    const left = new Int32Array(count);
    const right = new Int32Array(count);
    const value = new Float64Array(count);
    const flags = new Uint8Array(count);
    const child = (c: number, node: number, side: string): number => {
      if (c >= internal || ~c >= numLeaves) throw malformed(`LightGBM model: ${what} node ${node} ${side}_child ${c} is out of range (${internal} internal nodes, ${numLeaves} leaves)`);
      return c >= 0 ? c : internal + ~c;
    };
    for (let k = 0; k < internal; k++) {
      const dt = decisionTypes[k]!;
      if (dt < 0 || dt > 255) throw malformed(`LightGBM model: ${what} node ${k} decision_type ${dt} is not a bit set`);
      if (dt & 1) throw unsupported(`LightGBM model: ${what} node ${k} is a categorical split, which is not supported`);
      const missingType = (dt >> 2) & 3;
      if (missingType === 3) throw malformed(`LightGBM model: ${what} node ${k} has decision_type ${dt}: missing type 3 does not exist`);
      if (Number.isNaN(thresholds[k]!)) throw malformed(`LightGBM model: ${what} node ${k} has a NaN threshold`);
      if (features[k]! < 0) throw malformed(`LightGBM model: ${what} node ${k} splits on feature ${features[k]}`);
      feature[k] = features[k]!;
      value[k] = thresholds[k]!;
      left[k] = child(lefts[k]!, k, "left");
      right[k] = child(rights[k]!, k, "right");
      flags[k] = (dt & 2 ? DEFAULT_LEFT : 0) | (missingType === 1 ? MISSING_ZERO : missingType === 2 ? MISSING_NAN : 0);
    }
    for (let j = 0; j < numLeaves; j++) {
      if (!Number.isFinite(leafValues[j]!)) throw malformed(`LightGBM model: ${what} leaf ${j} has value ${leafValues[j]}`);
      value[internal + j] = leafValues[j]!;
    }
    builder.addTree({ root: 0, feature, left, right, value, flags, describe: (i) => (i < internal ? `node ${i}` : `leaf ${i - internal}`) }, numTrees % perIteration);
    numTrees++;
  }
  if (numTrees === 0) throw malformed("LightGBM model: no trees (no Tree= blocks)");
  if (numTrees % perIteration !== 0) throw malformed(`LightGBM model: ${numTrees} trees is not a multiple of num_tree_per_iteration=${perIteration}`);

  const average = header.has("average_output");
  const numGroups = objective.task === "multiclass" ? numClass : 1;
  const arrays = builder.finish();
  return {
    modelType: "lightgbm",
    objective: header.get("objective")?.trim() || "(none)",
    task: objective.task,
    numFeatures,
    numGroups,
    numClasses: objective.task === "regression" ? 0 : objective.task === "binary" ? 2 : numClass,
    transform: objective.transform,
    probabilistic: objective.probabilistic,
    sigmoidScale: objective.sigmoid,
    baseMargin: new Float64Array(numGroups),
    averageDivisor: average ? numTrees / perIteration : 1,
    float32Sum: false,
    comparison: "le",
    numTrees,
    ...arrays,
  };
}
