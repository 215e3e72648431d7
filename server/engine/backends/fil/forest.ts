/**
 * The compact forest every loader produces and `predict` walks: all trees' nodes in one set of
 * typed arrays (struct of arrays), no per-node objects.
 *
 * A node `n` (global index, 0 <= n < numNodes) is a leaf when `feature[n] < 0`; its value is
 * `value[n]`. Otherwise it tests feature `feature[n]` against the threshold `value[n]` and goes
 * on to its left child `children[n]` or its right child `children[n] + 1` (the builder lays the
 * two children of a node side by side, breadth-first; unreachable nodes are dropped):
 *   - XGBoost (`comparison: "lt"`):    x <  threshold goes left
 *   - LightGBM (`comparison: "le"`):   x <= threshold goes left
 * Missing values, per node (`flags[n]`), worked out at load time from the model's own rules:
 *   - NAN_RIGHT: where a NaN input goes (XGBoost and LightGBM missing type NaN: the default way;
 *     LightGBM missing type None: wherever 0 goes; missing type Zero: the default way).
 *   - ZERO_MISSING (LightGBM missing type Zero): |x| <= 1e-35f also goes the default way,
 *     which is right when ZERO_RIGHT is set.
 * The builder checks that every tree is a tree (each reachable node reached once, children in
 * range, features below numFeatures), so a walk always ends at a leaf.
 */

export type ModelType = "xgboost_json" | "xgboost_ubj" | "lightgbm";

/**
 * What the summed scores mean:
 * - regression: one output, the transformed score.
 * - binary: one output, P(class 1) when `probabilistic` (else a raw score: logitraw, hinge).
 * - multiclass: `numGroups` = numClasses outputs per row (softmax or one-vs-all probabilities),
 *   or, for XGBoost multi:softmax, a class id (`transform: "max_index"`).
 */
export type ForestTask = "regression" | "binary" | "multiclass";

/** Applied to the summed margin(s) of a row; names follow Treelite's pred_transform. */
export type OutputTransform =
  | "identity"
  /** 1 / (1 + exp(-sigmoidScale * m)) */
  | "sigmoid"
  /** exp(m): Poisson, Gamma, Tweedie */
  | "exp"
  /** sign(m) * m^2: LightGBM regression with `sqrt` */
  | "signed_square"
  /** m > 0 ? 1 : 0: XGBoost binary:hinge */
  | "hinge"
  /** softmax over the row's numGroups margins */
  | "softmax"
  /** per-class sigmoid(sigmoidScale * m): LightGBM multiclassova */
  | "multiclass_ova"
  /** index of the largest margin: XGBoost multi:softmax */
  | "max_index";

/** Node flags as the loaders give them (the models' own terms). */
export const DEFAULT_LEFT = 1;
export const MISSING_ZERO = 2;
export const MISSING_NAN = 4;

/** Node flags in a built Forest (what predict reads). */
export const NAN_RIGHT = 1;
export const ZERO_MISSING = 2;
export const ZERO_RIGHT = 4;

export interface Forest {
  readonly modelType: ModelType;
  /** The objective as the model file names it (XGBoost `objective.name`, LightGBM `objective=` line). */
  readonly objective: string;
  readonly task: ForestTask;
  /** Features per row: XGBoost `num_feature`, LightGBM `max_feature_idx + 1`. */
  readonly numFeatures: number;
  /** Scores summed per row: 1, or the number of classes for multi-class models. */
  readonly numGroups: number;
  /** 0 for regression, 2 for binary, K for multi-class. */
  readonly numClasses: number;
  readonly transform: OutputTransform;
  /** Whether the transformed scores are class probabilities (predictProba is allowed). */
  readonly probabilistic: boolean;
  /** Slope of the sigmoid (LightGBM `sigmoid:S`; 1 for XGBoost). */
  readonly sigmoidScale: number;
  /** Added to every row's sum, per group, before the transform (XGBoost's base_score as a margin). */
  readonly baseMargin: Float64Array;
  /** The sum is divided by this before the transform (LightGBM random forest `average_output`: iterations). */
  readonly averageDivisor: number;
  /** Sum leaf values in float32 as XGBoost does (true), or in float64 as LightGBM does (false). */
  readonly float32Sum: boolean;
  readonly comparison: "lt" | "le";
  /** Whether any node has ZERO_MISSING (LightGBM zero_as_missing), which needs the slower walk. */
  readonly zeroMissing: boolean;
  readonly numTrees: number;
  readonly numNodes: number;
  /** Per tree: its root node, and the group (class) its leaf values add to. */
  readonly treeRoot: Int32Array;
  readonly treeGroup: Int32Array;
  /** Per node: split feature (-1 for a leaf), left child (the right one is next to it), threshold or leaf value, flags. */
  readonly feature: Int32Array;
  readonly children: Int32Array;
  readonly value: Float64Array;
  readonly flags: Uint8Array;
}

/** A model the loaders refuse: `malformed` (not a valid file of its kind) or `unsupported` (valid, but not something this evaluator runs). */
export class ForestError extends Error {
  constructor(
    message: string,
    readonly code: "malformed" | "unsupported" | "bad_input",
  ) {
    super(message);
    this.name = "ForestError";
  }
}

export const malformed = (message: string): ForestError => new ForestError(message, "malformed");
export const unsupported = (message: string): ForestError => new ForestError(message, "unsupported");

/** Bytes the forest's arrays hold, plus a small fixed overhead for the object itself. */
export function forestMemoryBytes(forest: Forest): number {
  return (
    512 +
    forest.baseMargin.byteLength +
    forest.treeRoot.byteLength +
    forest.treeGroup.byteLength +
    forest.feature.byteLength +
    forest.children.byteLength +
    forest.value.byteLength +
    forest.flags.byteLength
  );
}

/**
 * One tree as a loader reads it: parallel arrays indexed by the file's own node numbers.
 * `feature[i] < 0` marks a leaf. `flags` uses DEFAULT_LEFT / MISSING_ZERO / MISSING_NAN.
 */
export interface SourceTree {
  root: number;
  feature: ArrayLike<number>;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  /** Threshold of a split, value of a leaf. */
  value: ArrayLike<number>;
  flags: ArrayLike<number>;
  /** Names node i in error messages ("node 3", "leaf 2"). */
  describe: (i: number) => string;
}

/**
 * Collects trees into the Forest's arrays: checks each is a tree, drops unreachable nodes, lays
 * out every node's two children side by side (breadth-first), and turns the model's
 * missing-value rules into where NaN and "zero" go.
 */
export class ForestBuilder {
  private cap = 0;
  private n = 0;
  private feature = new Int32Array(0);
  private children = new Int32Array(0);
  private value = new Float64Array(0);
  private flags = new Uint8Array(0);
  private roots: number[] = [];
  private groups: number[] = [];
  private anyZeroMissing = false;

  constructor(
    private readonly numFeatures: number,
    private readonly comparison: "lt" | "le",
  ) {}

  addTree(tree: SourceTree, group: number): void {
    const t = this.roots.length;
    const count = tree.feature.length;
    const seen = new Uint8Array(count);
    // Queue of [source node, new index]; the root takes the next free slot, children come in pairs.
    const queue: number[] = [tree.root, this.alloc(1)];
    this.roots.push(queue[1]!);
    this.groups.push(group);
    for (let q = 0; q < queue.length; q += 2) {
      const src = queue[q]!;
      const at = queue[q + 1]!;
      if (!Number.isInteger(src) || src < 0 || src >= count) throw malformed(`tree ${t}: a child index (${src}) points outside the tree's ${count} nodes`);
      if (seen[src]) throw malformed(`tree ${t}: ${tree.describe(src)} is reached twice (the nodes do not form a tree)`);
      seen[src] = 1;
      const f = tree.feature[src]!;
      const v = tree.value[src]!;
      this.value[at] = v;
      if (f < 0) {
        this.feature[at] = -1;
        continue;
      }
      if (!Number.isInteger(f) || f >= this.numFeatures) throw malformed(`tree ${t}: ${tree.describe(src)} splits on feature ${f}, but the model has ${this.numFeatures} features`);
      const fl = tree.flags[src]!;
      const defaultRight = (fl & DEFAULT_LEFT) === 0;
      let flags = 0;
      if (fl & MISSING_ZERO) {
        this.anyZeroMissing = true;
        flags = ZERO_MISSING | (defaultRight ? ZERO_RIGHT | NAN_RIGHT : 0);
      } else if (fl & MISSING_NAN) {
        flags = defaultRight ? NAN_RIGHT : 0;
      } else {
        // No missing values: NaN is read as 0 and compared.
        flags = (this.comparison === "le" ? 0 <= v : 0 < v) ? 0 : NAN_RIGHT;
      }
      const pair = this.alloc(2);
      this.feature[at] = f;
      this.children[at] = pair;
      this.flags[at] = flags;
      queue.push(tree.left[src]!, pair, tree.right[src]!, pair + 1);
    }
  }

  finish(): { numNodes: number; zeroMissing: boolean; treeRoot: Int32Array; treeGroup: Int32Array; feature: Int32Array; children: Int32Array; value: Float64Array; flags: Uint8Array } {
    const n = this.n;
    return {
      numNodes: n,
      zeroMissing: this.anyZeroMissing,
      treeRoot: Int32Array.from(this.roots),
      treeGroup: Int32Array.from(this.groups),
      feature: this.feature.slice(0, n),
      children: this.children.slice(0, n),
      value: this.value.slice(0, n),
      flags: this.flags.slice(0, n),
    };
  }

  private alloc(k: number): number {
    const at = this.n;
    const size = at + k;
    if (size > LIMITS.maxNodes) throw unsupported(`the model has more than ${LIMITS.maxNodes} nodes`);
    if (size > this.cap) {
      const cap = Math.max(size, this.cap * 2, 64);
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.feature = grow(this.feature, new Int32Array(cap));
      this.children = grow(this.children, new Int32Array(cap));
      this.value = grow(this.value, new Float64Array(cap));
      this.flags = grow(this.flags, new Uint8Array(cap));
      this.cap = cap;
    }
    this.n = size;
    return at;
  }
}

/** Limits that keep a hostile file from asking for absurd allocations before it is even checked. */
export const LIMITS = {
  maxFeatures: 1 << 24,
  maxClasses: 1 << 16,
  maxNodes: 1 << 28,
} as const;
