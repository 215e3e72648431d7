import { join } from "node:path";
import { InferenceSession } from "onnxruntime-node";
import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, versionEntryKind, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../model-backend";
import { estimateOnnxMemoryBytes } from "./onnx-memory";
import { checkOnnxInputs, checkOnnxSignature } from "./onnx-signature";
import { fromOrtTensor, toOrtTensor } from "./ort-tensors";

/**
 * One session per intra-op thread and no inter-op pool: an MME holds hundreds of small
 * sessions, and onnxruntime gives each session its own pools, so the defaults (a thread per
 * core, per session) would start thousands of threads on a 2-core machine. onnxruntime-node's
 * `run` executes on the main thread (after a setImmediate), so a large model's inference holds
 * up the requests behind it. The CPU memory arena is off: it keeps each session's peak
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

  estimateMemoryBytes: (files) => estimateOnnxMemoryBytes(files.bytes),

  async load(files, config): Promise<LoadedModel> {
    const path = await modelPath(files, config);
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
    return {
      memoryBytes: estimateOnnxMemoryBytes(files.bytes),
      memorySource: "estimated",
      async infer(inputs: Tensor[], outputs?: string[]): Promise<Tensor[]> {
        checkOnnxInputs(session, inputs);
        const feeds = Object.fromEntries(inputs.map((t) => [t.name, toOrtTensor(t)]));
        const fetches = outputs && outputs.length > 0 ? outputs : [...session.outputNames];
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
