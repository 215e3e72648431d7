import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { checkEnsemble } from "@/lib/triton/check-ensemble";
import { DEFAULT_PACKAGE_LIMITS } from "@/lib/triton/check-package";
import { extractTritonPackage } from "@/lib/triton/node/extract-package";
import type { ModelConfig } from "@/lib/triton/model-config";
import { isAwsError } from "../../aws-error";
import { backendFor, MODEL_BACKENDS } from "../../backends/backend-for";
import { ModelLoadError, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../../backends/model-backend";
import { InsufficientCapacityError } from "../../cache/cache-errors";
import type { ModelSource, PreparedModel } from "../../cache/model-source";
import { ensembleModel, type EnsemblePart } from "./ensemble-model";
import { contentsFromExtraction, readPackageContents, type PackageContents, type PackageModel } from "./package-contents";
import { servedVersion } from "./served-version";
import type { TritonModel } from "./triton-model";
import { withDynamicBatching } from "../batching/batched-model";

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

/**
 * One target model's package, as an instance fetches it: streamed from the engine's own S3
 * straight through the package checker onto the instance's disk (the same checks as at upload:
 * no link, no path out of the folder, no bomb), then its layout read (config.pbtxt at the root,
 * one model folder, or an ensemble beside its composing models), the served version chosen and
 * the backend that runs each model asked what loading will take. The model is registered under
 * the target model's name whatever its config's `name`, as SageMaker's Triton registers it
 * (triton-inference-server/server src/sagemaker_server.cc). What the checker learned while
 * extracting spares a first load from reading the disk again; a package already on disk is
 * read back.
 */
export class TritonPackageSource implements ModelSource<TritonModel> {
  private extracted: PackageContents | undefined;

  constructor(
    private readonly s3: ModelDataReader,
    private readonly bucket: string,
    private readonly objectKey: string,
    /** The name Triton registers the model under: the request's TargetModel. */
    private readonly targetModel: string,
    /** Told the rows of each batch when the model runs behind the dynamic batcher. */
    private readonly onBatch?: (rows: number) => void,
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
      const { report, dir, config, composingConfigs } = await extractTritonPackage(Readable.toWeb(file) as ReadableStream<Uint8Array>, parentDir, {
        compressedSize: opened.record.size,
        maxTotalBytes,
      });
      if (report.ok && dir) {
        if (config) this.extracted = contentsFromExtraction(dir, report, config, composingConfigs);
        return { folder: dir, bytes: report.totalBytes };
      }
      if (maxTotalBytes < DEFAULT_PACKAGE_LIMITS.maxTotalBytes && report.errors.some((e) => e.code === "total_too_large")) {
        throw new InsufficientCapacityError(`model ${this.objectKey} does not fit the instance's disk (${limits.maxBytes} bytes)`, "disk");
      }
      // Triton answers a model that does not load with 400 and its reason (SageMakerMMELoadModel).
      throw new ModelLoadError(`failed to load '${this.targetModel}': ${report.errors.map((e) => e.message).join("; ")}`, 400);
    } finally {
      file.destroy();
    }
  }

  async prepare(_key: string, folder: string): Promise<PreparedModel<TritonModel>> {
    const contents = this.extracted?.folder === folder ? this.extracted : await readPackageContents(folder);
    const name = this.targetModel;
    const top = contents.top;
    const isEnsemble = top.config.platform === "ensemble";
    const version = servedVersion(top.config, top.versions.map((v) => v.version));
    if (version === undefined) throw new ModelLoadError(`failed to load '${name}': its version_policy selects no version among ${top.versions.map((v) => v.version).join(", ") || "none"}`, 400);
    const prepared = isEnsemble ? await this.prepareEnsemble(name, contents) : await this.preparePart(name, top);
    return {
      estimatedBytes: prepared.estimatedBytes,
      async load(): Promise<TritonModel> {
        const loaded = await prepared.load();
        return {
          modelName: name,
          version,
          config: top.config,
          memoryBytes: loaded.memoryBytes,
          memorySource: loaded.memorySource,
          infer: (inputs, outputs, options) => loaded.infer(inputs, outputs, options),
          ...(loaded.queueDepth ? { queueDepth: loaded.queueDepth } : {}),
          unload: () => loaded.unload(),
        };
      },
    };
  }

  /** One model run by a backend: its served version, the backend that runs it, and what loading will take. */
  private async preparePart(name: string, model: PackageModel): Promise<PreparedPart> {
    const version = servedVersion(model.config, model.versions.map((v) => v.version));
    if (version === undefined) throw new ModelLoadError(`failed to load '${name}': its version_policy selects no version among ${model.versions.map((v) => v.version).join(", ") || "none"}`, 400);
    const backend = backendFor(model.config, this.backends);
    if (!backend) throw new ModelLoadError(`failed to load '${name}': no backend of the local engine runs it`, 501);
    const served = model.versions.find((v) => v.version === version);
    const files: ModelVersionFiles = { modelDir: model.dir, version, bytes: served?.bytes ?? 0, ...(served?.files ? { files: served.files } : {}) };
    // Triton replaces the config's name with the one the model is registered under (core
    // model_repository_manager.cc: "If the model is mapped, update its config name").
    const config = { ...model.config, name };
    const estimatedBytes = backend.estimateMemoryBytes ? await backend.estimateMemoryBytes(files, config) : files.bytes;
    return { version, estimatedBytes, load: async () => withDynamicBatching(await backend.load(files, config), config, backend.name, this.onBatch) };
  }

  /** An ensemble: every composing model its steps name, loaded together, accounted as one, run by the steps. */
  private async prepareEnsemble(name: string, contents: PackageContents): Promise<PreparedPart> {
    const config = contents.top.config;
    const composingConfigs = new Map([...contents.composing].map(([n, m]) => [n, { config: m.config }]));
    const graph = checkEnsemble(name, config, composingConfigs);
    if (graph.errors.length > 0) throw new ModelLoadError(`failed to load '${name}': ${graph.errors.join("; ")}`, 400);
    const parts = new Map<string, PreparedPart & { config: ModelConfig }>();
    for (const step of config.ensembleScheduling!.step) {
      if (parts.has(step.modelName)) continue;
      const model = contents.composing.get(step.modelName)!;
      const part = await this.preparePart(step.modelName, model);
      if (step.modelVersion > 0 && step.modelVersion !== part.version) {
        throw new ModelLoadError(`failed to load '${name}': its step asks for version ${step.modelVersion} of '${step.modelName}', which serves version ${part.version}`, 400);
      }
      parts.set(step.modelName, { ...part, config: model.config });
    }
    return {
      version: 0,
      estimatedBytes: [...parts.values()].reduce((sum, p) => sum + p.estimatedBytes, 0),
      async load() {
        const loaded = new Map<string, EnsemblePart>();
        try {
          for (const [partName, part] of parts) loaded.set(partName, { name: partName, config: part.config, loaded: await part.load() });
        } catch (err) {
          await Promise.allSettled([...loaded.values()].map((p) => p.loaded.unload()));
          throw err;
        }
        return ensembleModel(name, config, graph.order, loaded);
      },
    };
  }
}

type PreparedPart = { version: number; estimatedBytes: number; load(): Promise<LoadedModel> };
