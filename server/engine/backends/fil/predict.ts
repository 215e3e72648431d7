/**
 * Runs a Forest over a batch of rows, with the Triton FIL backend's output options.
 *
 * Input: `features` is row-major FP32 `[rows, forest.numFeatures]` (Triton's `input__0`).
 * NaN means "missing" (see forest.ts for where missing values go).
 *
 * Output (`output__0`), row-major FP32 `[rows, outputColumns(forest, options)]`:
 *
 * | options                          | binary (P(class 1) = p) | multi-class (K classes)       | regression   |
 * | -------------------------------- | ----------------------- | ----------------------------- | ------------ |
 * | none (output_class false)        | [rows, 1]: p            | [rows, K]: probabilities (*)  | [rows, 1]: score |
 * | outputClass                      | [rows, 1]: p > threshold ? 1 : 0 | [rows, 1]: argmax    | refused      |
 * | predictProba (wins over outputClass) | [rows, 2]: 1 - p, p | [rows, K]: probabilities      | refused      |
 *
 * (*) XGBoost multi:softmax answers [rows, 1] class ids there, as XGBoost's own predict does.
 * "p" is the transformed score: a probability for binary:logistic / LightGBM binary; for
 * binary:logitraw it is the raw margin and for binary:hinge 0 or 1, which is what FIL thresholds
 * (predictProba is refused for those two: their scores are not probabilities).
 * `threshold` (default 0.5, as FIL) only applies to binary outputClass. argmax takes the first
 * largest class probability, as FIL does.
 * Binary predictProba gives 2 columns as the Treelite/GTIL path of the FIL backend does (and
 * scikit-learn); the newest FIL docs say binary models return a single column there: configs
 * should declare output dims [ 2 ] for binary predict_proba.
 * Regression objectives (incl. reg:logistic, LightGBM cross_entropy) refuse outputClass and
 * predictProba rather than threshold a score that is not a class probability.
 */
import { ForestError, NAN_RIGHT, ZERO_MISSING, ZERO_RIGHT, type Forest } from "./forest";

export interface PredictOptions {
  /** FIL `output_class`: return class ids (classifiers only). */
  outputClass?: boolean;
  /** FIL `predict_proba`: return one probability per class (classifiers only; binary gives 2 columns). */
  predictProba?: boolean;
  /** FIL `threshold`: binary outputClass is 1 where the score is greater than this. Default 0.5. */
  threshold?: number;
}

type Mode = "score" | "class" | "proba";

/** LightGBM's kZeroThreshold (1e-35f): |x| at most this is "zero" for missing type Zero. */
const ZERO = Math.fround(1e-35);

const badInput = (message: string) => new ForestError(message, "bad_input");

function modeOf(forest: Forest, options: PredictOptions): Mode {
  if (options.predictProba) {
    if (forest.task === "regression") throw badInput(`predict_proba needs a classifier, but objective "${forest.objective}" is a regression`);
    if (!forest.probabilistic) throw badInput(`predict_proba needs class probabilities, but objective "${forest.objective}" gives raw scores`);
    return "proba";
  }
  if (options.outputClass) {
    if (forest.task === "regression") throw badInput(`output_class needs a classifier, but objective "${forest.objective}" is a regression (set output_class false)`);
    return "class";
  }
  return "score";
}

/** Columns of `predict`'s output for these options (the output is [rows, outputColumns]). */
export function outputColumns(forest: Forest, options: PredictOptions = {}): number {
  const mode = modeOf(forest, options);
  if (mode === "class") return 1;
  if (mode === "proba") return forest.task === "binary" ? 2 : forest.numGroups;
  return forest.task === "multiclass" && forest.transform !== "max_index" ? forest.numGroups : 1;
}

function checkInput(forest: Forest, features: Float32Array, rows: number): void {
  if (!Number.isSafeInteger(rows) || rows < 0) throw badInput(`rows must be a non-negative integer, got ${rows}`);
  if (!(features instanceof Float32Array)) throw badInput("features must be a Float32Array");
  if (features.length !== rows * forest.numFeatures) {
    throw badInput(`expected ${rows} rows of ${forest.numFeatures} features (${rows * forest.numFeatures} values), got ${features.length} values`);
  }
}

/**
 * The summed scores before the output transform, row-major float64 `[rows, forest.numGroups]`:
 * base margin plus every tree's leaf value (summed in float32 for XGBoost, as XGBoost does),
 * divided by `averageDivisor`. Equals XGBoost's `predict(output_margin=True)` and LightGBM's
 * `predict(raw_score=True)`.
 */
export function predictMargins(forest: Forest, features: Float32Array, rows: number): Float64Array {
  checkInput(forest, features, rows);
  const out = new Float64Array(rows * forest.numGroups);
  accumulate(forest, features, rows, out);
  return out;
}

/** Where a walk from node `n` ends for the row at x[xb ..]: one loop per comparison, so the common path has one branch per node. */
type Walk = (n: number, xb: number) => number;

function walker(forest: Forest, x: Float32Array): Walk {
  const { feature, children, value, flags } = forest;
  if (forest.zeroMissing) {
    const le = forest.comparison === "le";
    return (n, xb) => {
      let f = feature[n]!;
      while (f >= 0) {
        const v = x[xb + f]!;
        const fl = flags[n]!;
        let right: number;
        if (v !== v) right = fl & NAN_RIGHT;
        else if (fl & ZERO_MISSING && v >= -ZERO && v <= ZERO) right = fl & ZERO_RIGHT ? 1 : 0;
        else right = (le ? v <= value[n]! : v < value[n]!) ? 0 : 1;
        n = children[n]! + right;
        f = feature[n]!;
      }
      return n;
    };
  }
  // NaN fails every comparison, so it is only looked at on the way right.
  if (forest.comparison === "le") {
    return (n, xb) => {
      let f = feature[n]!;
      while (f >= 0) {
        const v = x[xb + f]!;
        n = children[n]! + (v <= value[n]! ? 0 : v !== v ? flags[n]! & NAN_RIGHT : 1);
        f = feature[n]!;
      }
      return n;
    };
  }
  return (n, xb) => {
    let f = feature[n]!;
    while (f >= 0) {
      const v = x[xb + f]!;
      n = children[n]! + (v < value[n]! ? 0 : v !== v ? flags[n]! & NAN_RIGHT : 1);
      f = feature[n]!;
    }
    return n;
  };
}

function accumulate(forest: Forest, x: Float32Array, rows: number, out: Float64Array): void {
  const { treeRoot, treeGroup, value, numFeatures, numGroups, numTrees, baseMargin, float32Sum } = forest;
  const divisor = forest.averageDivisor;
  const walk = walker(forest, x);
  for (let r = 0; r < rows; r++) {
    const xb = r * numFeatures;
    if (numGroups === 1) {
      let sum = baseMargin[0]!;
      if (float32Sum) for (let t = 0; t < numTrees; t++) sum = Math.fround(sum + value[walk(treeRoot[t]!, xb)]!);
      else for (let t = 0; t < numTrees; t++) sum += value[walk(treeRoot[t]!, xb)]!;
      out[r] = divisor === 1 ? sum : sum / divisor;
      continue;
    }
    const ob = r * numGroups;
    for (let g = 0; g < numGroups; g++) out[ob + g] = baseMargin[g]!;
    for (let t = 0; t < numTrees; t++) {
      const o = ob + treeGroup[t]!;
      const leaf = value[walk(treeRoot[t]!, xb)]!;
      out[o] = float32Sum ? Math.fround(out[o]! + leaf) : out[o]! + leaf;
    }
    if (divisor !== 1) for (let g = 0; g < numGroups; g++) out[ob + g] = out[ob + g]! / divisor;
  }
}

/** The single-output transform (binary and regression). */
function transform1(forest: Forest, m: number): number {
  switch (forest.transform) {
    case "sigmoid":
      return 1 / (1 + Math.exp(-forest.sigmoidScale * m));
    case "exp":
      return Math.exp(m);
    case "signed_square":
      return Math.sign(m) * m * m;
    case "hinge":
      return m > 0 ? 1 : 0;
    default:
      return m;
  }
}

/** Per-class probabilities of one row, from margins[at .. at+K) into out[o .. o+K). */
function classProbabilities(forest: Forest, margins: Float64Array, at: number, out: Float32Array, o: number): void {
  const k = forest.numGroups;
  if (forest.transform === "multiclass_ova") {
    for (let c = 0; c < k; c++) out[o + c] = 1 / (1 + Math.exp(-forest.sigmoidScale * margins[at + c]!));
    return;
  }
  // softmax (also for multi:softmax when probabilities are asked for), shifted by the max for stability.
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, margins[at + c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(margins[at + c]! - max);
  for (let c = 0; c < k; c++) out[o + c] = Math.exp(margins[at + c]! - max) / sum;
}

function argmax(values: Float32Array, at: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (values[at + c]! > values[at + best]!) best = c;
  return best;
}

/**
 * Predicts `rows` rows; see the table at the top of this file for the output's shape.
 * Throws a ForestError with code `bad_input` for a wrong feature count or options the model
 * cannot answer (predictProba / outputClass on a regression).
 */
export function predict(forest: Forest, features: Float32Array, rows: number, options: PredictOptions = {}): Float32Array {
  const mode = modeOf(forest, options);
  const threshold = options.threshold ?? 0.5;
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) throw badInput(`threshold must be a finite number, got ${String(options.threshold)}`);
  const columns = outputColumns(forest, options);
  const margins = predictMargins(forest, features, rows);
  const out = new Float32Array(rows * columns);
  const k = forest.numGroups;

  if (forest.task !== "multiclass") {
    for (let r = 0; r < rows; r++) {
      const p = transform1(forest, margins[r]!);
      if (mode === "score") out[r] = p;
      else if (mode === "class") out[r] = Math.fround(p) > threshold ? 1 : 0;
      else {
        const pf = Math.fround(p);
        out[2 * r] = 1 - pf;
        out[2 * r + 1] = pf;
      }
    }
    return out;
  }

  if (mode === "score" && forest.transform !== "max_index") {
    for (let r = 0; r < rows; r++) classProbabilities(forest, margins, r * k, out, r * k);
    return out;
  }
  if (mode === "proba") {
    for (let r = 0; r < rows; r++) classProbabilities(forest, margins, r * k, out, r * k);
    return out;
  }
  // A class id per row: argmax of the (float32) class probabilities, as FIL computes it.
  const probs = new Float32Array(k);
  for (let r = 0; r < rows; r++) {
    classProbabilities(forest, margins, r * k, probs, 0);
    out[r] = argmax(probs, 0, k);
  }
  return out;
}
