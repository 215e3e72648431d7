/** Helpers shared by the FIL evaluator's tests (not used at run time). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const MODELS = fileURLToPath(new URL("../../../fixtures/models/", import.meta.url));

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(MODELS + path));
}

export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(MODELS + path, "utf8")) as T;
}

/** Reference rows where null stands for NaN (a missing value), as one row-major Float32Array. */
export function rowsWithMissing(rows: (number | null)[][]): Float32Array {
  return Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v));
}

/** The largest |a[i] - b[i]|, after checking the lengths agree. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** A minimal XGBoost JSON model document with the given trees (parallel arrays), for hand-made cases. */
export interface HandTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: number[];
  split_type?: number[];
}

export function xgboostDoc(trees: HandTree[], opts: { objective?: string; baseScore?: string; numFeature?: number; numClass?: number; treeInfo?: number[] } = {}): Record<string, unknown> {
  return {
    version: [1, 7, 4],
    learner: {
      attributes: {},
      feature_names: [],
      feature_types: [],
      learner_model_param: { base_score: opts.baseScore ?? "5E-1", boost_from_average: "1", num_class: String(opts.numClass ?? 0), num_feature: String(opts.numFeature ?? 2), num_target: "1" },
      objective: { name: opts.objective ?? "reg:squarederror" },
      gradient_booster: {
        name: "gbtree",
        model: {
          gbtree_model_param: { num_parallel_tree: "1", num_trees: String(trees.length), size_leaf_vector: "0" },
          tree_info: opts.treeInfo ?? trees.map(() => 0),
          trees: trees.map((t, id) => ({
            id,
            tree_param: { num_deleted: "0", num_feature: String(opts.numFeature ?? 2), num_nodes: String(t.left_children.length), size_leaf_vector: "0" },
            base_weights: t.left_children.map(() => 0),
            loss_changes: t.left_children.map(() => 0),
            sum_hessian: t.left_children.map(() => 1),
            parents: t.left_children.map(() => 2147483647),
            categories: [],
            categories_nodes: [],
            categories_segments: [],
            categories_sizes: [],
            split_type: t.split_type ?? t.left_children.map(() => 0),
            ...t,
          })),
        },
      },
    },
  };
}

export const enc = (s: string | object): Uint8Array => new TextEncoder().encode(typeof s === "string" ? s : JSON.stringify(s));
