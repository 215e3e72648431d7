import type { ModelFormat } from "../model-files";
import type { ModelFileEvidence } from "./model-file-evidence";

/**
 * Why the backend could not load this model file, judged from what streamed past (see
 * ModelFileEvidence), or null when nothing is wrong as far as these cheap checks see. Formats
 * without a structure to check cheaply (TensorRT plans, TensorFlow, XGBoost's legacy binary,
 * Treelite checkpoints) pass unchecked: the load is their test.
 */
export function modelFileProblem(path: string, format: ModelFormat, e: ModelFileEvidence): string | null {
  const kind = kindOf(format);
  if (kind === null) return null;
  if (e.size === 0) return `${path} is empty`;
  const why = (what: string, problem: string) => `${path} is not ${what}: ${problem}`;
  switch (kind) {
    case "onnx":
      return e.onnx ? why("an ONNX model (a ModelProto protobuf, onnx.proto)", e.onnx) : null;
    case "torchscript":
      return isZip(e.head) ? null : why("a TorchScript archive", torchscriptProblem(e.head));
    case "python":
      return e.pythonModelClass === false ? `${path} does not define class TritonPythonModel, which the Python backend loads from it` : null;
    case "xgboost_json":
      return xgboostJsonProblem(path, e);
    case "xgboost_ubj":
      return isUbjsonObject(e.head) ? null : why("an XGBoost UBJSON model", ubjsonProblem(e.head));
    case "lightgbm":
      return firstLine(e.head) === "tree" ? null : why("a LightGBM text model", `its first line is ${JSON.stringify(firstLine(e.head).slice(0, 40))}, not "tree" (Booster.save_model writes "tree" first)`);
  }
}

type Kind = "onnx" | "torchscript" | "python" | "xgboost_json" | "xgboost_ubj" | "lightgbm";

function kindOf(format: ModelFormat): Kind | null {
  if (format.backend === "onnxruntime") return "onnx";
  if (format.backend === "pytorch") return "torchscript";
  if (format.backend === "python") return "python";
  if (format.backend === "fil" && (format.filModelType === "xgboost_json" || format.filModelType === "xgboost_ubj" || format.filModelType === "lightgbm")) return format.filModelType;
  return null;
}

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** torch.jit.save writes a zip archive: it starts with a local file header, "PK\x03\x04" (PKWARE APPNOTE 4.3.7). */
function isZip(head: Uint8Array) {
  return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
}

function torchscriptProblem(head: Uint8Array): string {
  // torch.save of a state_dict in the legacy format is a pickle (protocol 2 starts 0x80 0x02): weights, not a program.
  if (head[0] === 0x80 && head[1] !== undefined && head[1] <= 5) return "it is a Python pickle (torch.save of weights?); the pytorch backend loads a TorchScript module saved with torch.jit.save";
  return "it does not start as a zip archive (PK\\x03\\x04), as torch.jit.save writes it";
}

/** XGBoost's JSON model schema (doc/model.schema) requires "learner" and "version" at the top. */
function xgboostJsonProblem(path: string, e: ModelFileEvidence): string | null {
  if (!e.json) return null;
  if (!e.json.ok) return `${path} is not valid JSON: ${e.json.problem}${isUbjsonObject(e.head) ? ' (it looks like UBJSON: name it xgboost.ubj with model_type "xgboost_ubj")' : ""}`;
  const keys = e.json.keys;
  const missing = ["learner", "version"].filter((k) => !keys.includes(k));
  if (missing.length === 0) return null;
  const dump = keys.includes("trees") ? "; it looks like a tree dump, not a model saved with Booster.save_model" : "";
  return `${path} is not an XGBoost JSON model: it has no top-level ${missing.map((k) => `"${k}"`).join(" or ")} (its keys: ${keys.slice(0, 8).join(", ") || "none"})${dump}`;
}

/**
 * An UBJSON object (ubjson.org, "Container types") starts with "{", then either a key's length
 * marker (i, U, I, l, L: keys carry no "S"), an optimized container's "$" or "#", or "}" when empty.
 */
function isUbjsonObject(head: Uint8Array) {
  return head[0] === 0x7b && head[1] !== undefined && "iUIlL$#}".includes(String.fromCharCode(head[1]));
}

function ubjsonProblem(head: Uint8Array): string {
  const text = firstLine(head).trimStart();
  if (text.startsWith("{")) return 'it is JSON text (name it xgboost.json with model_type "xgboost_json")';
  return `it does not start as a UBJSON object ("{" and a key), as XGBoost's save_model writes it`;
}

function firstLine(head: Uint8Array): string {
  const text = new TextDecoder().decode(head);
  return text.split("\n")[0]!.replace(/\r$/, "");
}
