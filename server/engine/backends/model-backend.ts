import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ModelConfig } from "../../../lib/triton/model-config";
import type { Tensor } from "../../../lib/v2/tensor";

/**
 * One way of running a Triton model (onnxruntime, FIL, a worker...). The cache loads a model
 * through the backend its config names, accounts `memoryBytes` against the instance's budget,
 * and calls `unload` when it evicts it.
 */
export interface ModelBackend {
  readonly name: string;
  /** Whether this backend runs the platform/backend a config names. */
  handles(config: ModelConfig): boolean;
  /** Loads the served version of an extracted package. */
  load(files: ModelVersionFiles, config: ModelConfig): Promise<LoadedModel>;
  /**
   * Memory loading will take, reserved before `load` allocates it. Without it the cache
   * reserves the version folder's size on disk, then accounts what `load` reports.
   */
  estimateMemoryBytes?(files: ModelVersionFiles, config: ModelConfig): number | Promise<number>;
}

/** The version of an extracted package that Triton would serve, where it is and how big. */
export type ModelVersionFiles = {
  /** The model folder (config.pbtxt and the version folders). */
  modelDir: string;
  version: number;
  /** The sum of the version folder's file sizes. */
  bytes: number;
  /** The version folder's regular files (relative paths), when the extraction listed them: a backend need not stat the disk to find its model file. */
  files?: readonly string[];
};

/** Whether `<version>/<name>` is a file, a folder or missing: from the extraction's listing when there is one, else from the disk. */
export async function versionEntryKind(files: ModelVersionFiles, name: string): Promise<"file" | "directory" | undefined> {
  if (files.files) {
    if (files.files.includes(name)) return "file";
    return files.files.some((f) => f.startsWith(`${name}/`)) ? "directory" : undefined;
  }
  const st = await stat(join(files.modelDir, String(files.version), name)).catch(() => undefined);
  return st?.isFile() ? "file" : st?.isDirectory() ? "directory" : undefined;
}

/** What a request says about itself besides its tensors (the v2 body's `id` and `parameters`). */
export type InferOptions = {
  /** The request's `id`, echoed in Triton's error messages ("[request id: <id>]") and given to a Python model. */
  requestId?: string;
  /** The request's `timeout` parameter (microseconds): its queue timeout where the queue policy allows an override. */
  timeoutMicroseconds?: number;
};

/** One request of a batch run as a list. */
export type BatchRequest = { inputs: Tensor[]; outputs: string[] | undefined; requestId?: string };

export interface LoadedModel {
  /** Memory the model holds while loaded: measured where the runtime tells, else estimated (say which). */
  readonly memoryBytes: number;
  readonly memorySource: "measured" | "estimated";
  /** Runs one request: inputs already validated against the config; `outputs` limits what is returned. */
  infer(inputs: Tensor[], outputs?: string[], options?: InferOptions): Promise<Tensor[]>;
  /**
   * Runs several requests in one execution, as Triton's Python backend hands execute() a list:
   * one answer per request, in order, its outputs or the error it alone failed with. Only
   * backends that take a list have it; the dynamic batcher concatenates for the others.
   */
  inferBatch?(requests: BatchRequest[]): Promise<(Tensor[] | Error)[]>;
  /** Requests waiting for a batch, when the model runs behind the dynamic batcher. */
  queueDepth?(): number;
  unload(): Promise<void>;
}

/**
 * A model that does not load (a file the runtime refuses, a config that disagrees with the
 * model, a platform the engine cannot run): the runtime answers ModelError 424 with the
 * container's status. 400 unless said otherwise: SageMaker's Triton answers every failed load
 * 400 with its reason, and 507 only when the reason is a lack of memory
 * (triton-inference-server/server src/sagemaker_server.cc, SageMakerMMELoadModel); 501 is the
 * local engine's own, for a platform it cannot run.
 */
export class ModelLoadError extends Error {
  constructor(
    message: string,
    readonly originalStatusCode = 400,
  ) {
    super(message);
    this.name = "ModelLoadError";
  }
}

/** A request the model refused (wrong input name, shape, type...): the runtime answers ModelError 424. */
export class ModelInputError extends Error {
  constructor(
    message: string,
    readonly originalStatusCode = 400,
  ) {
    super(message);
    this.name = "ModelInputError";
  }
}
