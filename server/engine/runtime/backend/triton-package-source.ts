import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { versionOfFolder } from "@/lib/triton/check-layout";
import { DEFAULT_PACKAGE_LIMITS } from "@/lib/triton/check-package";
import { extractTritonPackage } from "@/lib/triton/node/extract-package";
import type { ModelConfig } from "@/lib/triton/model-config";
import { parseConfigPbtxt } from "@/lib/triton/parse-config-pbtxt";
import { isAwsError } from "../../aws-error";
import { backendFor, MODEL_BACKENDS } from "../../backends/backend-for";
import { ModelLoadError, type ModelBackend, type ModelVersionFiles } from "../../backends/model-backend";
import { InsufficientCapacityError } from "../../cache/cache-errors";
import type { ModelSource, PreparedModel } from "../../cache/model-source";
import { servedVersion } from "./served-version";
import type { TritonModel } from "./triton-model";

/** The part of the engine's S3 a download needs: in-process, no HTTP. */
export type ModelDataReader = { openObject(bucket: string, key: string): { record: { size: number }; fd: number } };

/** The target model's object is not in S3 (or its bucket is gone). */
export class ModelDataNotFoundError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
  ) {
    super(`s3://${bucket}/${key} does not exist`);
    this.name = "ModelDataNotFoundError";
  }
}

/** Where an extracted package's model folder is, its version folders with their sizes, and its config when the extraction parsed it. */
type PackageLayout = { folder: string; modelDir: string; versions: { version: number; bytes?: number; files?: string[] }[]; config?: ModelConfig };

/**
 * One target model's package, as an instance fetches it: streamed from the engine's own S3
 * straight through the package checker onto the instance's disk (the same checks as at upload:
 * no link, no path out of the folder, no bomb), then its config read, the served version chosen
 * and the backend that runs it asked what loading will take. What the checker learned while
 * extracting (the model folder, the versions and their sizes) spares a first load from reading
 * the disk again; a package already on disk is read back.
 */
export class TritonPackageSource implements ModelSource<TritonModel> {
  private extracted: PackageLayout | undefined;

  constructor(
    private readonly s3: ModelDataReader,
    private readonly bucket: string,
    private readonly objectKey: string,
    private readonly backends: readonly ModelBackend[] = MODEL_BACKENDS,
  ) {}

  async download(_key: string, parentDir: string, limits: { maxBytes: number }): Promise<{ folder: string; bytes: number }> {
    let opened;
    try {
      opened = this.s3.openObject(this.bucket, this.objectKey);
    } catch (err) {
      if (isAwsError(err) && (err.code === "NoSuchKey" || err.code === "NoSuchBucket")) throw new ModelDataNotFoundError(this.bucket, this.objectKey);
      throw err;
    }
    const file = createReadStream("", { fd: opened.fd });
    try {
      const maxTotalBytes = Math.min(DEFAULT_PACKAGE_LIMITS.maxTotalBytes, limits.maxBytes);
      const { report, dir, config } = await extractTritonPackage(Readable.toWeb(file) as ReadableStream<Uint8Array>, parentDir, {
        compressedSize: opened.record.size,
        maxTotalBytes,
      });
      if (report.ok && dir) {
        if (report.modelName) {
          this.extracted = {
            folder: dir,
            modelDir: join(dir, report.modelName),
            versions: report.versions.map((v) => ({ version: v.version, bytes: v.bytes, files: v.files })),
            ...(config ? { config } : {}),
          };
        }
        return { folder: dir, bytes: report.totalBytes };
      }
      if (maxTotalBytes < DEFAULT_PACKAGE_LIMITS.maxTotalBytes && report.errors.some((e) => e.code === "total_too_large")) {
        throw new InsufficientCapacityError(`model ${this.objectKey} does not fit the instance's disk (${limits.maxBytes} bytes)`, "disk");
      }
      throw new ModelLoadError(`failed to load '${this.objectKey}': ${report.errors.map((e) => e.message).join("; ")}`);
    } finally {
      file.destroy();
    }
  }

  async prepare(_key: string, folder: string): Promise<PreparedModel<TritonModel>> {
    const layout = this.extracted?.folder === folder ? this.extracted : await readLayout(folder);
    const modelDir = layout.modelDir;
    const folderName = basename(modelDir);
    // A fresh download's config was parsed (and checked) on its way to disk; a package already on disk is read back.
    const config = layout.config ?? (await readConfig(modelDir, folderName));
    const modelName = config.name || folderName;
    const versions = layout.versions.map((v) => v.version);
    const version = servedVersion(config, versions);
    if (version === undefined) throw new ModelLoadError(`failed to load '${modelName}': its version_policy selects no version among ${versions.join(", ") || "none"}`);
    const backend = backendFor(config, this.backends);
    if (!backend) throw new ModelLoadError(`failed to load '${modelName}': no backend of the local engine runs it`, 501);
    const served = layout.versions.find((v) => v.version === version);
    const files: ModelVersionFiles = { modelDir, version, bytes: served?.bytes ?? (await folderBytes(join(modelDir, String(version)))), ...(served?.files ? { files: served.files } : {}) };
    const estimatedBytes = backend.estimateMemoryBytes ? await backend.estimateMemoryBytes(files, config) : files.bytes;
    return {
      estimatedBytes,
      async load(): Promise<TritonModel> {
        const loaded = await backend.load(files, config);
        return {
          modelName,
          version,
          config,
          memoryBytes: loaded.memoryBytes,
          memorySource: loaded.memorySource,
          infer: (inputs, outputs) => loaded.infer(inputs, outputs),
          unload: () => loaded.unload(),
        };
      },
    };
  }

}

async function readConfig(modelDir: string, folderName: string): Promise<ModelConfig> {
  const parsed = parseConfigPbtxt(await readFile(join(modelDir, "config.pbtxt"), "utf8"), { folderName });
  if (!parsed.config || parsed.errors.length > 0) {
    throw new ModelLoadError(`failed to load '${folderName}': ${parsed.errors.map((e) => e.message).join("; ")}`);
  }
  return parsed.config;
}

/** The folder extractTritonPackage made holds exactly one model folder, with its version folders. */
async function readLayout(folder: string): Promise<PackageLayout> {
  const model = (await readdir(folder, { withFileTypes: true })).find((d) => d.isDirectory());
  if (!model) throw new Error(`no model folder in ${folder}`);
  const modelDir = join(folder, model.name);
  const versions = (await readdir(modelDir, { withFileTypes: true }))
    .map((d) => (d.isDirectory() ? versionOfFolder(d.name) : undefined))
    .filter((v) => v !== undefined)
    .map((version) => ({ version }));
  return { folder, modelDir, versions };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
