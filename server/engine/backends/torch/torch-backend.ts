import { basename, join } from "node:path";
import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, versionEntryKind, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../model-backend";
import { estimateTorchMemoryBytes } from "./torch-memory";
import { TorchModelHandle } from "./torch-model-handle";
import { TORCH_RUNTIME, TorchUnavailableError, type TorchRuntime } from "./torch-runtime";
import { checkTorchSignature, torchSignature } from "./torch-signature";
import { WorkerExitedError, WorkerRequestError } from "./torch-worker-process";

/**
 * Triton's PyTorch backend (`pytorch_libtorch`, `1/model.pt`) on a supervised Python worker
 * (torch_worker.py): the model is `torch.jit.load`ed onto the worker's device (a GPU when torch
 * sees one), inputs go to forward() by position (INPUT__0, INPUT__1...), outputs come back from a
 * tensor or a tuple/list of tensors (OUTPUT__0...). Memory is what the worker measured. Without a
 * Python that has PyTorch every such model fails as a platform the engine cannot run (501),
 * saying how to configure one; no other backend is affected.
 */
export function createTorchBackend(runtime: TorchRuntime): ModelBackend {
  return {
    name: "pytorch",
    handles(config) {
      const resolved = resolveModelFormat(config);
      return resolved.ok && resolved.format.backend === "pytorch";
    },

    // Asking for the worker here, before the cache makes room, means a missing PyTorch evicts nothing.
    async estimateMemoryBytes(files) {
      const supervisor = await supervisorOrRefusal(runtime);
      return estimateTorchMemoryBytes(files.bytes, Boolean(supervisor.lastReady?.cuda));
    },

    async load(files, config): Promise<LoadedModel> {
      const path = await modelPath(files, config);
      const sig = torchSignature(config);
      const handle = new TorchModelHandle(runtime, await supervisorOrRefusal(runtime), path);
      let answer;
      try {
        answer = await handle.load();
      } catch (err) {
        if (err instanceof WorkerRequestError || err instanceof WorkerExitedError) throw new ModelLoadError(`failed to load model '${config.name}': ${err.message}`);
        throw err;
      }
      const mismatch = checkTorchSignature(sig, answer.forwardInputs, config.name || basename(files.modelDir));
      if (mismatch) {
        await handle.unload().catch(() => undefined);
        throw new ModelLoadError(mismatch);
      }
      return {
        memoryBytes: answer.memoryBytes,
        memorySource: answer.memorySource,
        async infer(inputs: Tensor[], outputs?: string[]): Promise<Tensor[]> {
          const byName = new Map(inputs.map((t) => [t.name, t]));
          const ordered = sig.inputs.map((name) => {
            const t = byName.get(name);
            if (!t) throw new ModelInputError(`input '${name}' is required: a TorchScript model takes its inputs by position`);
            return t;
          });
          const want = outputs && outputs.length > 0 ? sig.outputs.filter((o) => outputs.includes(o.name)) : sig.outputs;
          let result;
          try {
            result = await handle.infer(ordered, want);
          } catch (err) {
            // Triton answers a failure inside forward(), or a worker gone mid-request, with 500.
            if (err instanceof WorkerRequestError || err instanceof WorkerExitedError) throw new ModelInputError(err.message, 500);
            throw err;
          }
          result.tensors.forEach((t, i) => {
            const declared = want[i]!.datatype;
            if (declared && declared !== t.datatype) {
              throw new ModelInputError(`output '${t.name}' is ${t.datatype} in the model but ${declared} in config.pbtxt`, 500);
            }
          });
          return result.tensors;
        },
        unload: () => handle.unload(),
      };
    },
  };
}

/** The process's PyTorch backend, registered in MODEL_BACKENDS. */
export const torchBackend = createTorchBackend(TORCH_RUNTIME);

async function supervisorOrRefusal(runtime: TorchRuntime) {
  try {
    return await runtime.supervisorForLoad();
  } catch (err) {
    if (err instanceof TorchUnavailableError) throw new ModelLoadError(err.message, 501);
    if (err instanceof WorkerExitedError) throw new ModelLoadError(err.message);
    throw err;
  }
}

async function modelPath(files: ModelVersionFiles, config: ModelConfig): Promise<string> {
  const resolved = resolveModelFormat(config);
  if (!resolved.ok) throw new ModelLoadError(resolved.reason);
  const path = join(files.modelDir, String(files.version), resolved.format.modelFilename);
  if ((await versionEntryKind(files, resolved.format.modelFilename)) !== "file") throw new ModelLoadError(`failed to load model '${config.name}': version ${files.version} has no ${resolved.format.modelFilename}`);
  return path;
}
