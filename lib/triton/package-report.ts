import type { TritonDataType } from "./data-types";
import type { Framework } from "./model-files";

/**
 * Why a package is refused. Three families:
 * - the archive: not gzip, not tar, corrupt, truncated, empty;
 * - refusals of an unsafe or oversized entry: scanning stops at the first one, nothing after it is read;
 * - the package: layout and config.pbtxt problems, all collected in one pass.
 */
export const PACKAGE_ERROR_CODES = [
  "not_gzip",
  "corrupt_gzip",
  "not_tar",
  "bad_tar_header",
  "truncated",
  "empty",
  "read_failed",
  "unsafe_path",
  "link_entry",
  "special_entry",
  "unsupported_entry",
  "duplicate_entry",
  "too_many_entries",
  "entry_too_large",
  "total_too_large",
  "ratio_too_high",
  "top_level_folders",
  "too_many_models",
  "no_config",
  "config_too_large",
  "config_syntax",
  "config_invalid",
  "unknown_platform",
  "no_version",
  "missing_model_file",
  "bad_model_file",
  "ensemble_invalid",
  "internal_error",
] as const;

export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

export const PACKAGE_WARNING_CODES = ["config_warning", "config_unknown_field", "ignored_folder", "ignored_file", "unused_version", "trailing_data"] as const;

export type PackageWarningCode = (typeof PACKAGE_WARNING_CODES)[number];

export interface PackageProblem<C extends string = PackageErrorCode> {
  code: C;
  /** Ready to show; names the entry when there is one. */
  message: string;
  /** The archive entry at fault, as named in the archive. */
  entry?: string;
}

export interface TensorSignature {
  name: string;
  dataType: TritonDataType;
  /** The config's data_type as written when Triton knows no such type (dataType is then TYPE_INVALID; the report has the error). */
  unknownDataType?: string;
  dims: number[];
  reshape?: number[];
  format?: string;
  optional?: boolean;
}

export interface VersionReport {
  version: number;
  /** Regular files inside the version folder, relative to it. */
  files: string[];
  bytes: number;
}

/** A composing model of an ensemble, as the report lists it. */
export interface ComposingModelReport {
  /** Its folder in the archive: the name the ensemble's steps use. */
  name: string;
  platform: string | null;
  backend: string | null;
  framework: Framework;
  modelFilename: string | null;
  maxBatchSize: number | null;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  versions: VersionReport[];
}

/** What the checker found. Plain data: the browser shows it, the server stores it. */
export interface PackageReport {
  /** True when Triton would load the package: no errors (warnings allowed). */
  ok: boolean;
  /** Which of SageMaker's layouts the archive has: config.pbtxt at the root, one model folder, or an ensemble beside its composing models. */
  layout: "root" | "folder" | "ensemble" | null;
  /** The model folder's name (for the root layout, config.pbtxt's name, if any). */
  modelName: string | null;
  /** The top model's folder in the archive ("" for the root layout). */
  modelFolder: string | null;
  platform: string | null;
  backend: string | null;
  framework: Framework;
  /** The file (or folder) each version folder must hold, e.g. "model.onnx". */
  modelFilename: string | null;
  /** The FIL backend's model_type, when the backend is fil. */
  filModelType: string | null;
  maxBatchSize: number | null;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  versions: VersionReport[];
  /** An ensemble's composing models (empty otherwise). */
  composingModels: ComposingModelReport[];
  /** Sum of the regular files' sizes, as their headers declare them. */
  totalBytes: number;
  /** Compressed bytes read from the stream (the whole file when it was read to the end). */
  compressedBytes: number;
  /** Tar bytes inflated from them: how much work the check did. */
  inflatedBytes: number;
  /** Entries seen (files, folders, refused ones), not counting pax/GNU metadata headers. */
  entries: number;
  errors: PackageProblem[];
  warnings: PackageProblem<PackageWarningCode>[];
}

export interface PackageLimits {
  /** Most entries an archive may hold. */
  maxEntries: number;
  /** Most uncompressed bytes, summed over the entries' declared sizes. */
  maxTotalBytes: number;
  /** Most bytes one entry may declare. */
  maxEntryBytes: number;
  /** Largest config.pbtxt read into memory. */
  maxConfigBytes: number;
  /** Inflated/compressed ratio above which the archive is a bomb... */
  maxRatio: number;
  /** ...once more than this many bytes have been inflated (tiny archives have large ratios legitimately). */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 20 * GiB,
  maxEntryBytes: 16 * GiB,
  maxConfigBytes: 1 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 8 * MiB,
};

export interface CheckOptions extends Partial<PackageLimits> {
  /**
   * The archive's size when known (File.size, fs.stat, Content-Length). It lets a header that
   * declares an impossible size be refused before a byte of it is inflated; without it the
   * running ratio still stops a bomb, a few MiB in.
   */
  compressedSize?: number;
}
