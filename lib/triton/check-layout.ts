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
  /** The first top-level folder's config.pbtxt, when it had one. */
  config?: { text: string } | { tooLarge: number };
}

export interface LayoutResult {
  modelName: string | null;
  config: ModelConfig | null;
  format: ModelFormat | null;
  versions: VersionReport[];
  errors: PackageProblem[];
  warnings: PackageProblem<PackageWarningCode>[];
}

/** The package rules: one model folder, a config Triton accepts, version folders holding the model file. */
/** The version a model's child folder names, as Triton reads it (a positive number), or undefined for any other folder. */
export function versionOfFolder(name: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(name) && Number.isSafeInteger(Number(name)) ? Number(name) : undefined;
}

export function checkLayout(tree: PackageTree, maxConfigBytes: number): LayoutResult {
  const out: LayoutResult = { modelName: null, config: null, format: null, versions: [], errors: [], warnings: [] };
  const error = (code: PackageProblem["code"], message: string, entry?: string) => out.errors.push({ code, message, ...(entry !== undefined ? { entry } : {}) });
  const warn = (code: PackageWarningCode, message: string, entry?: string) => out.warnings.push({ code, message, ...(entry !== undefined ? { entry } : {}) });

  if (tree.entries === 0) {
    error("empty", "the archive holds no entries");
    return out;
  }
  for (const f of tree.topFiles) {
    const hint = f.startsWith("._") ? " (macOS metadata: pack with COPYFILE_DISABLE=1 tar ...)" : "";
    error("top_level_file", `${f} is a file at the top level: the archive must hold only the model folder${hint}`, f);
  }
  if (tree.topFolders.length === 0) {
    error("top_level_folders", "the archive has no top-level folder: it must hold exactly one folder named after the model");
    return out;
  }
  if (tree.topFolders.length > 1) {
    const shown = tree.topFolders.slice(0, 5).join(", ") + (tree.topFolders.length > 5 ? ", …" : "");
    error("top_level_folders", `the archive has ${tree.topFolders.length} top-level folders (${shown}): it must hold exactly one model folder`, tree.topFolders[1]);
    return out;
  }

  const model = tree.topFolders[0]!;
  out.modelName = model;
  const configPath = `${model}/config.pbtxt`;
  if (!tree.config) {
    error("no_config", `${configPath} is missing`, configPath);
  } else if ("tooLarge" in tree.config) {
    error("config_too_large", `${configPath} is ${tree.config.tooLarge} bytes, more than the ${maxConfigBytes} allowed`, configPath);
  } else {
    const parsed = parseConfigPbtxt(tree.config.text, { fileName: configPath, folderName: model });
    out.config = parsed.config;
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
  const children = new Set<string>();
  for (const d of tree.dirs) {
    const s = d.split("/");
    if (s.length >= 2 && s[0] === model) children.add(s[1]!);
  }
  const versions: number[] = [];
  for (const c of children) {
    const version = versionOfFolder(c);
    if (version !== undefined) versions.push(version);
    else warn("ignored_folder", `${model}/${c}/ is not a version folder (a positive number): Triton ignores it`, `${model}/${c}/`);
  }
  versions.sort((a, b) => a - b);
  if (versions.length === 0) {
    error("no_version", `${model}/ has no version folder: the model file goes in ${model}/1/`, `${model}/`);
    return out;
  }

  for (const v of versions) {
    const prefix = `${model}/${v}/`;
    const files: string[] = [];
    let bytes = 0;
    for (const [path, size] of tree.files) {
      if (!path.startsWith(prefix)) continue;
      files.push(path.slice(prefix.length));
      bytes += size;
    }
    out.versions.push({ version: v, files: files.sort(), bytes });
  }

  const loaded = selectVersions(versions, out.config?.versionPolicy);
  for (const missing of loaded.missing) error("no_version", `${configPath}: version_policy asks for version ${missing}, which the package does not have`, configPath);
  if (out.format) {
    for (const v of versions) {
      const problem = checkArtifact(tree, `${model}/${v}`, out.format);
      if (!problem) continue;
      if (loaded.versions.includes(v)) error("missing_model_file", problem, `${model}/${v}/`);
      else warn("unused_version", `${problem} (not loaded: the version policy skips version ${v})`, `${model}/${v}/`);
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

/** Why a version folder does not hold what the backend loads, or null when it does. */
function checkArtifact(tree: PackageTree, folder: string, format: ModelFormat): string | null {
  const path = `${folder}/${format.modelFilename}`;
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
