import { formatBytes } from "../format-bytes";
import { checkLayout, versionOfFolder, type ModelCheck, type PackageTree } from "./check-layout";
import { normalizeEntryPath } from "./entry-path";
import { DEFAULT_PACKAGE_LIMITS, type CheckOptions, type ComposingModelReport, type PackageLimits, type PackageProblem, type PackageReport, type TensorSignature } from "./package-report";
import type { ModelConfig, ModelTensor } from "./model-config";
import { ModelFileEvidenceCollector } from "./model-file/model-file-evidence";
import { readTarGz, type TarEntryHandle } from "./read-tar-gz";
import { ArchiveError } from "./tar/archive-error";

/** An entry that passed every refusal: a regular file or a directory with a safe relative path. */
export interface SafeEntry {
  type: "file" | "directory";
  /** Normalized: no leading `./`, no empty or `.` segments. */
  path: string;
  segments: string[];
  size: number;
  /** The name as the archive gave it. */
  name: string;
}

/** Called for each safe entry before its data is read; a file's data must be consumed (or it is skipped). */
export type OnSafeEntry = (entry: SafeEntry, data: AsyncIterable<Uint8Array>) => Promise<void>;

/** Thrown by an OnSafeEntry hook to stop the scan with its own error (extraction: a write failed). */
export class ScanHookError extends Error {}

/** What a scan found: the report, and the parsed config.pbtxt files when the package is good. */
export interface PackageScan {
  report: PackageReport;
  /** Lets the engine load an extracted package without reading and parsing its config again. */
  config: ModelConfig | null;
  /** An ensemble's composing models' configs, by folder. */
  composingConfigs: Record<string, ModelConfig>;
}

export interface ScanOptions extends CheckOptions {
  /**
   * Also look inside the files of version folders as they stream past (ONNX protobuf, zip and
   * UBJSON signatures, JSON structure, TritonPythonModel): the checker's static model-file checks.
   * The engine's extraction leaves this off, so a bad model file fails there as Triton fails it, on load.
   */
  inspectModelFiles?: boolean;
}

/** Most config.pbtxt files one archive may hold (an ensemble and its composing models); each is read into memory. */
const MAX_MODEL_FOLDERS = 64;

/**
 * The one pass both the checker and the extractor make: every refusal is decided from the
 * entry's header, before any of its data is read, so the extractor never writes what the
 * checker would refuse. Never throws (except a ScanHookError's cause, reported as its own code).
 */
export async function scanPackage(stream: ReadableStream<Uint8Array>, options: ScanOptions = {}, onEntry?: OnSafeEntry): Promise<PackageScan> {
  const limits: PackageLimits = { ...DEFAULT_PACKAGE_LIMITS, ...definedOnly(options) };
  const tree: PackageTree = { entries: 0, topFolders: [], topFiles: [], files: new Map(), dirs: new Set(), configs: new Map(), ...(options.inspectModelFiles ? { modelFiles: new Map() } : {}) };
  const errors: PackageProblem[] = [];
  let totalBytes = 0;

  const tar = readTarGz(stream, {
    maxRatio: limits.maxRatio,
    ratioFloorBytes: limits.ratioFloorBytes,
    ...(options.compressedSize !== undefined ? { compressedSize: options.compressedSize } : {}),
  });
  try {
    for await (const entry of tar.entries) {
      tree.entries++;
      const safe = refuse(entry, tree, limits, totalBytes);
      if (safe === null) continue; // the archive root "./"
      if (safe.type === "file") totalBytes += safe.size;
      record(tree, safe);

      let data: AsyncIterable<Uint8Array> = entry.chunks();
      // config.pbtxt at the root or directly in a top-level folder: the layouts SageMaker's Triton reads.
      const configOf = safe.type === "file" && safe.segments.at(-1) === "config.pbtxt" && safe.segments.length <= 2 ? (safe.segments.length === 2 ? safe.segments[0]! : "") : undefined;
      if (configOf !== undefined && tree.configs.size >= MAX_MODEL_FOLDERS) {
        throw new ArchiveError("too_many_models", `the archive holds more than ${MAX_MODEL_FOLDERS} config.pbtxt files (refused at ${safe.name})`, safe.name);
      }
      if (configOf !== undefined && safe.size > limits.maxConfigBytes) tree.configs.set(configOf, { tooLarge: safe.size });
      else if (configOf !== undefined) {
        const content = (await entry.readContent()).slice();
        tree.configs.set(configOf, { text: new TextDecoder().decode(content) });
        data = (async function* () {
          yield content;
        })();
      }
      const evidence = tree.modelFiles && configOf === undefined && inVersionFolder(safe) ? new ModelFileEvidenceCollector(safe.path, safe.size) : undefined;
      if (onEntry) {
        try {
          await onEntry(safe, evidence ? tap(data, (chunk) => evidence.feed(chunk)) : data);
        } catch (e) {
          throw e instanceof ArchiveError ? e : new ScanHookError(e instanceof Error ? e.message : String(e), { cause: e });
        }
      } else if (evidence) {
        for await (const chunk of data) evidence.feed(chunk);
      }
      const found = evidence?.finish();
      if (found) tree.modelFiles!.set(safe.path, found);
    }
  } catch (e) {
    if (e instanceof ScanHookError) throw e;
    errors.push(toProblem(e));
  }

  const warnings: PackageReport["warnings"] = [];
  if (tar.stats.trailingData) warnings.push({ code: "trailing_data", message: "the archive has data after its end marker (ignored)" });
  // Layout rules only mean something for an archive that was read to the end.
  const layout = errors.length === 0 ? checkLayout(tree, limits.maxConfigBytes) : null;
  if (layout) {
    errors.push(...layout.errors);
    warnings.unshift(...layout.warnings);
  }
  const config = layout?.config ?? null;
  const report: PackageReport = {
    ok: errors.length === 0,
    layout: layout?.layout ?? null,
    modelName: layout?.modelName ?? (tree.topFolders.length === 1 ? tree.topFolders[0]! : null),
    modelFolder: layout?.layout ? layout.folder : null,
    platform: config?.platform || null,
    backend: layout?.format?.backend ?? (config?.backend || null),
    framework: layout?.format?.framework ?? "unknown",
    modelFilename: layout?.format?.modelFilename ?? null,
    filModelType: layout?.format?.filModelType ?? null,
    maxBatchSize: config ? config.maxBatchSize : null,
    inputs: config ? config.input.map(signature) : [],
    outputs: config ? config.output.map(signature) : [],
    versions: layout?.versions ?? [],
    composingModels: (layout?.composing ?? []).map(composingReport),
    totalBytes,
    compressedBytes: tar.stats.compressedBytes,
    inflatedBytes: tar.stats.inflatedBytes,
    entries: tree.entries,
    errors,
    warnings,
  };
  const composingConfigs: Record<string, ModelConfig> = {};
  for (const part of layout?.composing ?? []) if (part.config) composingConfigs[part.folder] = part.config;
  return { report, config: report.ok ? config : null, composingConfigs: report.ok ? composingConfigs : {} };
}

function composingReport(part: ModelCheck): ComposingModelReport {
  return {
    name: part.folder,
    platform: part.config?.platform || null,
    backend: part.format?.backend ?? (part.config?.backend || null),
    framework: part.format?.framework ?? "unknown",
    modelFilename: part.format?.modelFilename ?? null,
    maxBatchSize: part.config ? part.config.maxBatchSize : null,
    inputs: part.config ? part.config.input.map(signature) : [],
    outputs: part.config ? part.config.output.map(signature) : [],
    versions: part.versions,
  };
}

/** Throws an ArchiveError naming the entry when it must be refused; null for the archive root. */
function refuse(entry: TarEntryHandle, tree: PackageTree, limits: PackageLimits, totalBytes: number): SafeEntry | null {
  const name = entry.path;
  const fail = (code: PackageProblem["code"], message: string): never => {
    throw new ArchiveError(code, message, name);
  };
  if (tree.entries > limits.maxEntries) fail("too_many_entries", `the archive has more than ${limits.maxEntries} entries (refused at ${name})`);
  const p = normalizeEntryPath(name);
  if (!p.ok) fail("unsafe_path", `${p.reason}: refused`);
  const path = p.ok ? p.path : "";

  switch (entry.type) {
    case "symlink":
      fail("link_entry", `${name} is a symbolic link (to ${JSON.stringify(entry.linkTarget ?? "")}): links are refused`);
      break;
    case "hardlink":
      fail("link_entry", `${name} is a hard link (to ${JSON.stringify(entry.linkTarget ?? "")}): links are refused`);
      break;
    case "char-device":
    case "block-device":
    case "fifo":
      fail("special_entry", `${name} is a ${entry.type.replace("-", " ")}: only files and folders are allowed`);
      break;
    case "unsupported":
      fail("unsupported_entry", `${name} has tar entry type "${entry.typeflag}": only files and folders are allowed`);
      break;
  }
  if (entry.sparse) fail("unsupported_entry", `${name} is a sparse file: pack without --sparse`);
  if (path === "") {
    if (entry.type === "directory") return null;
    fail("unsafe_path", `a file entry has an empty name ${JSON.stringify(name)}: refused`);
  }

  if (entry.type === "file") {
    if (entry.size > limits.maxEntryBytes) fail("entry_too_large", `${name} is ${formatBytes(entry.size)}, more than the ${formatBytes(limits.maxEntryBytes)} one file may be`);
    if (totalBytes + entry.size > limits.maxTotalBytes) fail("total_too_large", `the files add up to more than ${formatBytes(limits.maxTotalBytes)} (at ${name})`);
  }

  // Two entries for one path would let the second replace what the first one was checked as.
  if (tree.files.has(path) || (entry.type === "file" && tree.dirs.has(path))) fail("duplicate_entry", `${name} appears twice in the archive (or as both a file and a folder)`);
  const segments = p.ok ? p.segments : [];
  for (let i = 1; i < segments.length; i++) {
    const ancestor = segments.slice(0, i).join("/");
    if (tree.files.has(ancestor)) fail("duplicate_entry", `${name} is inside ${ancestor}, which is a file`);
  }
  return { type: entry.type === "directory" ? "directory" : "file", path, segments, size: entry.type === "file" ? entry.size : 0, name };
}

/** A file below a version folder (`1/...` at the root or `<model>/1/...`): where model files are. */
function inVersionFolder(e: SafeEntry): boolean {
  return e.type === "file" && e.segments.slice(0, Math.min(2, e.segments.length - 1)).some((s) => versionOfFolder(s) !== undefined);
}

/** The same chunks, each shown to `see` on its way through (a hook that writes the file and the checker both read it). */
async function* tap(data: AsyncIterable<Uint8Array>, see: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of data) {
    see(chunk);
    yield chunk;
  }
}

function record(tree: PackageTree, e: SafeEntry) {
  const top = e.segments[0]!;
  if (e.type === "file" && e.segments.length === 1) tree.topFiles.push(e.path);
  else if (!tree.dirs.has(top)) tree.topFolders.push(top); // dirs holds every folder seen, so this is the first time
  for (let i = 1; i < e.segments.length; i++) tree.dirs.add(e.segments.slice(0, i).join("/"));
  if (e.type === "directory") tree.dirs.add(e.path);
  else tree.files.set(e.path, e.size);
}

function toProblem(e: unknown): PackageProblem {
  if (e instanceof ArchiveError) return { code: e.code, message: e.message, ...(e.entry !== undefined ? { entry: e.entry } : {}) };
  // A bug, not a bad archive: still a report, never a crash.
  return { code: "internal_error", message: `the check failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` };
}

function signature(t: ModelTensor): TensorSignature {
  return {
    name: t.name,
    dataType: t.dataType,
    ...(t.unknownDataType !== undefined ? { unknownDataType: t.unknownDataType } : {}),
    dims: t.dims,
    ...(t.reshape ? { reshape: t.reshape.shape } : {}),
    ...(t.format ? { format: t.format } : {}),
    ...(t.optional !== undefined ? { optional: t.optional } : {}),
  };
}

function definedOnly(o: CheckOptions): Partial<PackageLimits> {
  const out: Partial<PackageLimits> = {};
  for (const k of Object.keys(DEFAULT_PACKAGE_LIMITS) as (keyof PackageLimits)[]) if (typeof o[k] === "number") out[k] = o[k];
  return out;
}
