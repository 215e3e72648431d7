/**
 * A pure TypeScript tree-ensemble evaluator for the FIL backend: XGBoost (JSON, UBJSON) and
 * LightGBM (text) models into a compact Forest, and batch prediction with FIL's output options.
 * No I/O: give it the model file's bytes.
 *
 *   const forest = loadForest(bytes, "xgboost_json");
 *   const out = predict(forest, features, rows, { outputClass: false }); // [rows, outputColumns(forest, opts)]
 *   cache.account(forestMemoryBytes(forest));
 */
import { ForestError, type Forest, type ModelType } from "./forest";
import { loadLightgbmText } from "./load-lightgbm-text";
import { loadXgboostJson } from "./load-xgboost-json";
import { loadXgboostUbj } from "./load-xgboost-ubj";

export type { Forest, ForestTask, ModelType, OutputTransform } from "./forest";
export { ForestError, forestMemoryBytes } from "./forest";
export { outputColumns, predict, predictMargins, type PredictOptions } from "./predict";

export const FOREST_MODEL_TYPES: readonly ModelType[] = ["xgboost_json", "xgboost_ubj", "lightgbm"];

/**
 * Parses a model file of FIL `model_type` `modelType`. Throws ForestError: code `malformed`
 * (not a valid file of that kind) or `unsupported` (valid, but a feature this evaluator does
 * not run: categorical splits, linear trees, gblinear, unknown objectives...).
 */
export function loadForest(bytes: Uint8Array, modelType: ModelType): Forest {
  if (!(bytes instanceof Uint8Array)) throw new ForestError("the model must be given as bytes (Uint8Array)", "malformed");
  switch (modelType) {
    case "xgboost_json":
      return loadXgboostJson(bytes);
    case "xgboost_ubj":
      return loadXgboostUbj(bytes);
    case "lightgbm":
      return loadLightgbmText(bytes);
    default:
      throw new ForestError(`model_type "${String(modelType)}" is not supported here (supported: ${FOREST_MODEL_TYPES.join(", ")})`, "unsupported");
  }
}
