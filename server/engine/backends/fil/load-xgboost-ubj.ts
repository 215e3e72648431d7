/**
 * XGBoost's UBJSON model (`save_model("xgboost.ubj")`, XGBoost >= 1.6): the same document as
 * the JSON model, in Universal Binary JSON. Parsed by `parseUbjson`, then read exactly as
 * `xgboost.json` is (see load-xgboost-json.ts for the semantics).
 */
import { malformed, type Forest } from "./forest";
import { forestFromXgboostDocument } from "./load-xgboost-json";
import { parseUbjson, UbjsonError } from "./ubjson";

/** JSON text starts with optional whitespace, `{`, optional whitespace, then `"` or `}`; UBJSON's `{` is followed by a length marker, `$`, `#` or `}`. */
function looksLikeJsonText(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  return /^\s*\{\s*["}]/.test(head) && !/^\{[iUIlL$#N]/.test(head);
}

export function loadXgboostUbj(bytes: Uint8Array): Forest {
  if (looksLikeJsonText(bytes)) throw malformed("xgboost.ubj is JSON text, not UBJSON: use model_type xgboost_json (and the file name xgboost.json)");
  if (bytes.length === 0 || bytes[0] !== 0x7b /* { */) throw malformed('xgboost.ubj is not a UBJSON model: it must start with an object ("{")');
  let doc: unknown;
  try {
    doc = parseUbjson(bytes);
  } catch (e) {
    if (e instanceof UbjsonError) throw malformed(`xgboost.ubj is not valid UBJSON: ${e.message}`);
    throw e;
  }
  return forestFromXgboostDocument(doc, "xgboost_ubj");
}
