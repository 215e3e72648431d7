import { join } from "node:path";
import { InferenceSession, type OnnxValue } from "onnxruntime-node";
import { dynamicBatchingOf } from "@/lib/triton/dynamic-batching";
import { instanceCount } from "@/lib/triton/instance-count";
import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, versionEntryKind, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../model-backend";
import { loadOnnxInstances } from "./onnx-instances";
import { estimateOnnxMemoryBytes } from "./onnx-memory";
import { checkOnnxInputs, checkOnnxSignature } from "./onnx-signature";
import { onnxThreadPool } from "./onnx-thread-pool";
import { fromOrtTensor, toOrtTensor } from "./ort-tensors";

/**
 * One session per intra-op thread and no inter-op pool: an MME holds hundreds of small
 * sessions, and onnxruntime gives each session its own pools, so the defaults (a thread per
 * core, per session) would start thousands of threads on a 2-core machine. onnxruntime-node's
 * `run` executes on the thread that calls it (after a setImmediate): a model with one instance
 * runs on the main thread, so a large model's inference holds up the requests behind it; a
 * model with several instances runs each on a thread of the pool (onnx-thread-pool.ts), with
 * these same options. The CPU memory arena is off: it keeps each session's peak
 * allocation for good, which multiplies across resident models and makes their memory less
 * predictable for the cache.
 */
export const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ["cpu"],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
  enableCpuMemArena: false,
};

export const onnxBackend: ModelBackend = {
  name: "onnxruntime",
  handles(config) {
    const resolved = resolveModelFormat(config);
    return resolved.ok && resolved.format.backend === "onnxruntime";
  },

  // Each instance holds a session of its own: reserved before loading, all of them.
  estimateMemoryBytes: (files, config) => instanceCount(config) * estimateOnnxMemoryBytes(files.bytes),

  async load(files, config): Promise<LoadedModel> {
    const path = await modelPath(files, config);
    const count = instanceCount(config);
    // Several instances: each a session on a thread of the pool (onnx-instances.ts). A model
    // behind the dynamic batcher too, even with one instance: in Triton the batcher and the
    // instances run on threads of their own, so the next batch fills while one runs; on this
    // thread a running batch would stop the engine from even reading the requests that should
    // make up the next one (at concurrency 32 batches stayed near 11 rows of 32). Any other model
    // stays on this thread, as it always did: no message round trip on the warm path.
    if (count > 1 || dynamicBatchingOf(config)) {
      return loadOnnxInstances({ pool: onnxThreadPool(), path, config, count, sessionOptions: SESSION_OPTIONS, memoryBytes: count * estimateOnnxMemoryBytes(files.bytes) });
    }
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(path, SESSION_OPTIONS);
    } catch (err) {
      throw new ModelLoadError(`failed to load model '${config.name}': onnxruntime could not create a session: ${(err as Error).message}`);
    }
    const mismatch = checkOnnxSignature(session, config);
    if (mismatch) {
      await session.release();
      throw new ModelLoadError(`failed to load model '${config.name}': ${mismatch}`);
    }
    // Every output unless the request names some: one array for the session's life, not a copy a request.
    const allOutputs: readonly string[] = [...session.outputNames];
    return {
      memoryBytes: estimateOnnxMemoryBytes(files.bytes),
      memorySource: "estimated",
      async infer(inputs: Tensor[], outputs?: string[]): Promise<Tensor[]> {
        checkOnnxInputs(session, inputs);
        const feeds: Record<string, OnnxValue> = {};
        for (const t of inputs) feeds[t.name] = toOrtTensor(t);
        const fetches: readonly string[] = outputs && outputs.length > 0 ? outputs : allOutputs;
        let results: InferenceSession.OnnxValueMapType;
        try {
          results = await session.run(feeds, fetches);
        } catch (err) {
          throw new ModelInputError(`onnx runtime error: ${(err as Error).message}`, 500);
        }
        return fetches.map((name) => fromOrtTensor(name, results[name] as Parameters<typeof fromOrtTensor>[1]));
      },
      async unload() {
        await session.release();
      },
    };
  },
};

/** `<version>/model.onnx`, or `<version>/model.onnx/model.onnx` when the model keeps its weights in external files. */
async function modelPath(files: ModelVersionFiles, config: ModelConfig): Promise<string> {
  const resolved = resolveModelFormat(config);
  if (!resolved.ok) throw new ModelLoadError(resolved.reason);
  const path = join(files.modelDir, String(files.version), resolved.format.modelFilename);
  const kind = await versionEntryKind(files, resolved.format.modelFilename);
  if (!kind) throw new ModelLoadError(`failed to load model '${config.name}': version ${files.version} has no ${resolved.format.modelFilename}`);
  return kind === "directory" ? join(path, "model.onnx") : path;
}
