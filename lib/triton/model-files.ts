import type { ModelConfig } from "./model-config";

export type Framework = "onnx" | "xgboost" | "lightgbm" | "pytorch" | "tensorrt" | "tensorflow" | "python" | "ensemble" | "unknown";

/**
 * What a version folder must hold: a file, a file or a directory (ONNX with external data), a
 * SavedModel directory, or nothing (an ensemble's version folder only has to exist).
 */
export type ArtifactKind = "file" | "file-or-dir" | "savedmodel-dir" | "none";

/** How Triton will load the model: which backend, and which file each version folder must hold. */
export interface ModelFormat {
  backend: string;
  platform?: string;
  framework: Framework;
  modelFilename: string;
  artifact: ArtifactKind;
  /** The FIL backend's `model_type` parameter, when the backend is fil. */
  filModelType?: string;
  /** Whether the backend can fill in inputs and outputs from the model itself (Triton's auto-complete). */
  autoComplete: boolean;
}

interface Known {
  backend: string;
  framework: Framework;
  file: string;
  artifact: ArtifactKind;
  autoComplete: boolean;
}

// Triton's platform names and the backend each one runs on, with the default model filename.
const PLATFORMS: Record<string, Known> = {
  onnxruntime_onnx: { backend: "onnxruntime", framework: "onnx", file: "model.onnx", artifact: "file-or-dir", autoComplete: true },
  pytorch_libtorch: { backend: "pytorch", framework: "pytorch", file: "model.pt", artifact: "file", autoComplete: false },
  tensorrt_plan: { backend: "tensorrt", framework: "tensorrt", file: "model.plan", artifact: "file", autoComplete: true },
  tensorflow_savedmodel: { backend: "tensorflow", framework: "tensorflow", file: "model.savedmodel", artifact: "savedmodel-dir", autoComplete: true },
  tensorflow_graphdef: { backend: "tensorflow", framework: "tensorflow", file: "model.graphdef", artifact: "file", autoComplete: false },
  // Triton runs ensembles itself (no backend): the steps name the composing models.
  ensemble: { backend: "ensemble", framework: "ensemble", file: "", artifact: "none", autoComplete: false },
};

// Backends named without a platform. tensorflow is absent on purpose: it needs the platform to
// tell a SavedModel from a GraphDef.
const BACKENDS: Record<string, Known> = {
  onnxruntime: PLATFORMS.onnxruntime_onnx!,
  pytorch: PLATFORMS.pytorch_libtorch!,
  tensorrt: PLATFORMS.tensorrt_plan!,
  python: { backend: "python", framework: "python", file: "model.py", artifact: "file", autoComplete: true },
};

// The FIL backend's model_type values and the filename it expects for each (FIL docs, "Model Filenames").
const FIL_MODEL_TYPES: Record<string, { framework: Framework; file: string }> = {
  xgboost: { framework: "xgboost", file: "xgboost.model" },
  xgboost_json: { framework: "xgboost", file: "xgboost.json" },
  xgboost_ubj: { framework: "xgboost", file: "xgboost.ubj" },
  lightgbm: { framework: "lightgbm", file: "model.txt" },
  treelite_checkpoint: { framework: "unknown", file: "checkpoint.tl" },
};
const FIL_DEFAULT_MODEL_TYPE = "xgboost";

export const SUPPORTED_BACKENDS = ["onnxruntime", "pytorch", "tensorrt", "tensorflow", "fil", "python"] as const;

export type ResolvedFormat = { ok: true; format: ModelFormat; warnings: string[] } | { ok: false; reason: string };

/** Reads platform, backend and (for FIL) model_type to say what each version folder must hold. */
export function resolveModelFormat(
  config: Pick<ModelConfig, "platform" | "backend" | "parameters" | "defaultModelFilename">,
): ResolvedFormat {
  const platform = config.platform || undefined;
  const backend = config.backend || undefined;
  const warnings: string[] = [];
  const supported = `supported: platforms ${Object.keys(PLATFORMS).join(", ")}; backends ${SUPPORTED_BACKENDS.join(", ")}`;

  if (!platform && !backend) return { ok: false, reason: `config.pbtxt sets neither platform nor backend (${supported})` };
  if (platform && !PLATFORMS[platform]) return { ok: false, reason: `unknown platform "${platform}" (${supported})` };

  let known: Known | undefined;
  let filModelType: string | undefined;
  if (platform) {
    known = PLATFORMS[platform]!;
    if (backend && backend !== known.backend) return { ok: false, reason: `platform "${platform}" runs on backend "${known.backend}", but backend is "${backend}"` };
  } else if (backend === "tensorflow") {
    return { ok: false, reason: `backend "tensorflow" needs platform "tensorflow_savedmodel" or "tensorflow_graphdef" to know the model format` };
  } else if (backend === "fil") {
    const given = config.parameters.model_type?.stringValue;
    filModelType = given || FIL_DEFAULT_MODEL_TYPE;
    const fil = FIL_MODEL_TYPES[filModelType];
    if (!fil) return { ok: false, reason: `unknown FIL model_type "${filModelType}" (expected one of ${Object.keys(FIL_MODEL_TYPES).join(", ")})` };
    if (!given) warnings.push(`parameters has no model_type: the FIL backend assumes "${FIL_DEFAULT_MODEL_TYPE}" (binary ${fil.file})`);
    known = { backend: "fil", framework: fil.framework, file: fil.file, artifact: "file", autoComplete: false };
  } else {
    known = BACKENDS[backend!];
    if (!known) return { ok: false, reason: `unknown backend "${backend}" (${supported})` };
  }

  return {
    ok: true,
    warnings,
    format: {
      backend: known.backend,
      ...(platform ? { platform } : {}),
      framework: known.framework,
      modelFilename: config.defaultModelFilename || known.file,
      artifact: known.artifact,
      ...(filModelType ? { filModelType } : {}),
      autoComplete: known.autoComplete,
    },
  };
}
