import { checkEnsemble, type ComposingModel } from "./check-ensemble";
import { modelFileProblem } from "./model-file/check-model-file";
import type { ModelFileEvidence } from "./model-file/model-file-evidence";
import type { ModelConfig, VersionPolicy } from "./model-config";
import { resolveModelFormat, type ModelFormat } from "./model-files";
import type { PackageProblem, PackageWarningCode, VersionReport } from "./package-report";
import { parseConfigPbtxt } from "./parse-config-pbtxt";

/** What the scan collected about the archive's tree, all entries already checked safe. */
export interface PackageTree {
  entries: number;
  /** Top-level folder names, in the order first seen. */
  topFolders: string[];
  /** Regular files directly at the top level. */
  topFiles: string[];
  /** Regular files by normalized path, with their sizes. */
  files: Map<string, number>;
  /** Directories, listed or implied by a deeper entry. */
  dirs: Set<string>;
  /** Each config.pbtxt at the root ("") or directly in a top-level folder (by folder name). */
  configs: Map<string, { text: string } | { tooLarge: number }>;
  /** What streamed past of each file below a version folder, when the scan looked (the checker does, extraction does not). */
  modelFiles?: Map<string, ModelFileEvidence>;
}

export type PackageLayoutKind = "root" | "folder" | "ensemble";

/** One model of the package: where it is and what its config and version folders say. */
export interface ModelCheck {
  /** Its folder in the archive; "" when config.pbtxt is at the archive root. */
  folder: string;
  config: ModelConfig | null;
  format: ModelFormat | null;
  versions: VersionReport[];
}

export interface LayoutResult extends ModelCheck {
  layout: PackageLayoutKind | null;
  /** The model folder's name (for the root layout, config.pbtxt's name, if any). */
  modelName: string | null;
  /** An ensemble's composing models, in the order its steps first name them. */
  composing: ModelCheck[];
  errors: PackageProblem[];
  warnings: PackageProblem<PackageWarningCode>[];
}

/**
 * The layouts SageMaker's Triton loads (triton-inference-server/server src/sagemaker_server.cc,
 * SageMakerMMELoadModel): config.pbtxt at the root of the extracted archive; else the one
 * sub-folder there; else, among several, the one whose config.pbtxt matches
 * `platform:(\s)*"ensemble"`, the others being its composing models. Several folders and no
 * ensemble would load whichever the directory listing gives last: refused here.
 */
export const ACCEPTED_LAYOUTS =
  'SageMaker\'s Triton accepts config.pbtxt with its version folders at the archive root; one folder holding config.pbtxt and its version folders; or several folders of which exactly one is an ensemble (platform: "ensemble") and the others its composing models';

const ENSEMBLE_TEXT = /platform:(\s)*"ensemble"/;

/** The version a model's child folder names, as Triton reads it (a positive number), or undefined for any other folder. */
export function versionOfFolder(name: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(name) && Number.isSafeInteger(Number(name)) ? Number(name) : undefined;
}

export function checkLayout(tree: PackageTree, maxConfigBytes: number): LayoutResult {
  const out: LayoutResult = { layout: null, modelName: null, folder: "", config: null, format: null, versions: [], composing: [], errors: [], warnings: [] };
  const error = (code: PackageProblem["code"], message: string, entry?: string) => out.errors.push({ code, message, ...(entry !== undefined ? { entry } : {}) });
  const warn = (code: PackageWarningCode, message: string, entry?: string) => out.warnings.push({ code, message, ...(entry !== undefined ? { entry } : {}) });
  const check = (folder: string, composing = false) => checkModel(tree, folder, maxConfigBytes, error, warn, composing);

  if (tree.entries === 0) {
    error("empty", "the archive holds no entries");
    return out;
  }
  if (tree.configs.has("")) {
    out.layout = "root";
    Object.assign(out, check(""));
    out.modelName = out.config?.name || null;
    return out;
  }
  for (const f of tree.topFiles) {
    const hint = f.startsWith("._") ? " (macOS metadata: pack with COPYFILE_DISABLE=1 tar ...)" : "";
    warn("ignored_file", `${f} is a file beside the model folder: SageMaker's Triton ignores it${hint}`, f);
  }
  if (tree.topFolders.length === 0) {
    error("top_level_folders", `the archive holds no model: ${ACCEPTED_LAYOUTS}`);
    return out;
  }
  if (tree.topFolders.length === 1) {
    out.layout = "folder";
    out.modelName = tree.topFolders[0]!;
    Object.assign(out, check(out.modelName));
    return out;
  }

  const ensembles = tree.topFolders.filter((f) => {
    const c = tree.configs.get(f);
    return c !== undefined && "text" in c && ENSEMBLE_TEXT.test(c.text);
  });
  const shown = (names: string[]) => names.slice(0, 5).join(", ") + (names.length > 5 ? ", …" : "");
  if (ensembles.length !== 1) {
    const why = ensembles.length === 0 ? "and none is an ensemble" : `and ${ensembles.length} are ensembles (${shown(ensembles)})`;
    error("top_level_folders", `the archive has ${tree.topFolders.length} top-level folders (${shown(tree.topFolders)}) ${why}: ${ACCEPTED_LAYOUTS}`, tree.topFolders[1]);
    return out;
  }
  out.layout = "ensemble";
  out.modelName = ensembles[0]!;
  Object.assign(out, check(out.modelName));
  const config = out.config;
  if (!config || config.platform !== "ensemble") return out;

  const named = [...new Set(config.ensembleScheduling?.step.map((s) => s.modelName) ?? [])];
  const composing = new Map<string, ComposingModel>();
  for (const name of named) {
    if (!tree.topFolders.includes(name) || name === out.modelName) {
      composing.set(name, { missing: true });
      continue;
    }
    const errorsBefore = out.errors.length;
    const part = check(name, true);
    out.composing.push(part);
    composing.set(name, part.config && out.errors.length === errorsBefore ? { config: part.config } : { invalid: true });
  }
  for (const f of tree.topFolders) {
    if (f !== out.modelName && !named.includes(f)) warn("ignored_folder", `${f}/ is not a step of ensemble "${out.modelName}": it is not loaded`, `${f}/`);
  }
  const graph = checkEnsemble(out.modelName, config, composing);
  const configPath = `${out.modelName}/config.pbtxt`;
  for (const e of graph.errors) error("ensemble_invalid", `${configPath}: ${e}`, configPath);
  for (const w of graph.warnings) warn("config_warning", `${configPath}: ${w}`, configPath);
  return out;
}

/** Checks one model folder ("" for the archive root): its config, its format, its version folders and their model files. */
function checkModel(
  tree: PackageTree,
  folder: string,
  maxConfigBytes: number,
  error: (code: PackageProblem["code"], message: string, entry?: string) => void,
  warn: (code: PackageWarningCode, message: string, entry?: string) => void,
  composing: boolean,
): ModelCheck {
  const out: ModelCheck = { folder, config: null, format: null, versions: [] };
  const prefix = folder ? `${folder}/` : "";
  const configPath = `${prefix}config.pbtxt`;
  const configEntry = tree.configs.get(folder);
  if (!configEntry) {
    error("no_config", `${configPath} is missing`, configPath);
  } else if ("tooLarge" in configEntry) {
    error("config_too_large", `${configPath} is ${configEntry.tooLarge} bytes, more than the ${maxConfigBytes} allowed`, configPath);
  } else {
    // The model SageMaker registers is renamed to the target model; an ensemble's composing models
    // are found by folder, and Triton refuses a name that differs from it.
    const parsed = parseConfigPbtxt(configEntry.text, { fileName: configPath, ...(folder && !composing ? { folderName: folder } : {}) });
    out.config = parsed.config;
    if (composing && parsed.config?.name !== undefined && parsed.config.name !== folder) {
      error("config_invalid", `${configPath}: name "${parsed.config.name}" differs from its folder "${folder}": a composing model's name must equal its folder (SageMaker renames only the model it registers, the ensemble)`, configPath);
    }
    for (const e of parsed.errors) error(e.kind === "syntax" ? "config_syntax" : "config_invalid", e.message, configPath);
    for (const w of parsed.warnings) warn(w.kind === "unknown_field" ? "config_unknown_field" : "config_warning", w.message, configPath);
    if (parsed.config) {
      const resolved = resolveModelFormat(parsed.config);
      if (resolved.ok) {
        out.format = resolved.format;
        for (const w of resolved.warnings) warn("config_warning", `${configPath}: ${w}`, configPath);
      } else {
        error("unknown_platform", `${configPath}: ${resolved.reason}`, configPath);
      }
    }
  }

  // Triton loads version folders named by a positive number without leading zeros and ignores other folders.
  const depth = folder ? 2 : 1;
  const children = new Set<string>();
  for (const d of tree.dirs) {
    const s = d.split("/");
    if (s.length >= depth && (folder === "" || s[0] === folder)) children.add(s[depth - 1]!);
  }
  const versions: number[] = [];
  for (const c of children) {
    const version = versionOfFolder(c);
    if (version !== undefined) versions.push(version);
    else warn("ignored_folder", `${prefix}${c}/ is not a version folder (a positive number): Triton ignores it`, `${prefix}${c}/`);
  }
  versions.sort((a, b) => a - b);
  const where = folder ? `${folder}/` : "the archive root";
  if (versions.length === 0) {
    error("no_version", `${where} has no version folder: the model file goes in ${prefix}1/`, folder ? `${folder}/` : undefined);
    return out;
  }

  for (const v of versions) {
    const versionPrefix = `${prefix}${v}/`;
    const files: string[] = [];
    let bytes = 0;
    for (const [path, size] of tree.files) {
      if (!path.startsWith(versionPrefix)) continue;
      files.push(path.slice(versionPrefix.length));
      bytes += size;
    }
    out.versions.push({ version: v, files: files.sort(), bytes });
  }

  const loaded = selectVersions(versions, out.config?.versionPolicy);
  for (const missing of loaded.missing) error("no_version", `${configPath}: version_policy asks for version ${missing}, which the package does not have`, configPath);
  if (out.format) {
    for (const v of versions) {
      const problem = checkArtifact(tree, `${prefix}${v}`, out.format);
      if (problem) {
        if (loaded.versions.includes(v)) error("missing_model_file", problem, `${prefix}${v}/`);
        else warn("unused_version", `${problem} (not loaded: the version policy skips version ${v})`, `${prefix}${v}/`);
        continue;
      }
      const file = modelFileOf(tree, `${prefix}${v}`, out.format);
      const evidence = file !== undefined ? tree.modelFiles?.get(file) : undefined;
      const bad = evidence && modelFileProblem(file!, out.format, evidence);
      if (!bad) continue;
      if (loaded.versions.includes(v)) error("bad_model_file", bad, file);
      else warn("unused_version", `${bad} (not loaded: the version policy skips version ${v})`, file);
    }
  }
  return out;
}

/** The versions Triton would load under the policy (default: the latest one). */
function selectVersions(versions: number[], policy: VersionPolicy | undefined): { versions: number[]; missing: number[] } {
  if (policy && "all" in policy) return { versions, missing: [] };
  if (policy && "specific" in policy) {
    const wanted = policy.specific.versions;
    return { versions: wanted.filter((v) => versions.includes(v)), missing: wanted.filter((v) => !versions.includes(v)) };
  }
  const n = policy && "latest" in policy ? policy.latest.numVersions : 1;
  return { versions: versions.slice(-Math.max(n, 0)), missing: [] };
}

/** The model file a version folder's check found (inside the folder of that name for ONNX with external data), if it is one file. */
function modelFileOf(tree: PackageTree, folder: string, format: ModelFormat): string | undefined {
  const path = `${folder}/${format.modelFilename}`;
  if (tree.files.has(path)) return path;
  return tree.files.has(`${path}/${format.modelFilename}`) ? `${path}/${format.modelFilename}` : undefined;
}

/** Why a version folder does not hold what the backend loads, or null when it does. */
function checkArtifact(tree: PackageTree, folder: string, format: ModelFormat): string | null {
  const path = `${folder}/${format.modelFilename}`;
  if (format.artifact === "none") return null;
  const isFile = tree.files.has(path);
  const isDir = tree.dirs.has(path);
  const by = format.platform ? `platform ${format.platform}` : `backend ${format.backend}${format.filModelType ? ` (model_type ${format.filModelType})` : ""}`;
  if (format.artifact === "file" && isFile) return null;
  if (format.artifact === "file-or-dir" && (isFile || (isDir && tree.files.has(`${path}/${format.modelFilename}`)))) return null;
  if (format.artifact === "savedmodel-dir" && isDir && (tree.files.has(`${path}/saved_model.pb`) || tree.files.has(`${path}/saved_model.pbtxt`))) return null;

  if (format.artifact === "savedmodel-dir") return `${folder}/ has no ${format.modelFilename}/saved_model.pb (${by} loads a SavedModel folder)`;
  if (isDir) return `${path} is a folder, but ${by} loads a file${format.artifact === "file-or-dir" ? ` (or a folder holding ${format.modelFilename})` : ""}`;
  const found = [...tree.files.keys()].filter((p) => p.startsWith(`${folder}/`)).map((p) => p.slice(folder.length + 1));
  const foundText = found.length ? `; found ${found.slice(0, 5).join(", ")}${found.length > 5 ? ", …" : ""}` : "; the folder is empty";
  return `${folder}/ has no ${format.modelFilename} (${by} expects ${folder}/${format.modelFilename}${foundText})`;
}
