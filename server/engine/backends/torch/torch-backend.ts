import { basename, join } from "node:path";
import type { ModelConfig } from "@/lib/triton/model-config";
import { instanceCount } from "@/lib/triton/instance-count";
import { resolveModelFormat } from "@/lib/triton/model-files";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, versionEntryKind, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../model-backend";
import { estimateTorchMemoryBytes } from "./torch-memory";
import { TORCH_RUNTIME, TorchUnavailableError, type WorkerRuntime } from "./torch-runtime";
import { checkTorchSignature, torchSignature } from "./torch-signature";
import { tensorFromWire, tensorToWire, type WireTensor } from "./torch-tensors";
import { WorkerModelHandle } from "./worker-model-handle";
import { WorkerExitedError, WorkerRequestError } from "./torch-worker-process";

/**
 * Triton's PyTorch backend (`pytorch_libtorch`, `1/model.pt`) on the supervised Python worker
 * (torch_worker.py, which imports torch with the first such model): the model is
 * `torch.jit.load`ed onto the worker's device (a GPU when torch sees one), inputs go to forward()
 * by position (INPUT__0, INPUT__1...), outputs come back from a tensor or a tuple/list of tensors
 * (OUTPUT__0...). Each instance (instance_group's counts summed) is its own copy of the model,
 * run by its own thread in the worker, all taking the model's requests from one queue, as
 * Triton's instances do. Memory is what the worker measured, every copy. Without a Python that
 * has PyTorch every such model fails as a platform the engine cannot run (501), saying how to
 * configure one; no other backend is affected.
 */
export function createTorchBackend(runtime: WorkerRuntime): ModelBackend {
  return {
    name: "pytorch",
    handles(config) {
      const resolved = resolveModelFormat(config);
      return resolved.ok && resolved.format.backend === "pytorch";
    },

    // Asking for the worker here, before the cache makes room, means a missing PyTorch evicts nothing.
    // Each instance loads its own copy of the model.
    async estimateMemoryBytes(files, config) {
      const supervisor = await supervisorOrRefusal(runtime);
      return estimateTorchMemoryBytes(files.bytes, Boolean(supervisor.lastTorch?.cuda)) * instanceCount(config);
    },

    async load(files, config): Promise<LoadedModel> {
      const path = await modelPath(files, config);
      const sig = torchSignature(config);
      const handle = new WorkerModelHandle(runtime, await supervisorOrRefusal(runtime), { kind: "torchscript", path, instances: instanceCount(config) });
      let answer;
      try {
        const h = await handle.load();
        answer = { memoryBytes: Number(h.memory_bytes ?? 0), memorySource: h.memory_source === "measured" ? ("measured" as const) : ("estimated" as const), forwardInputs: typeof h.num_inputs === "number" ? h.num_inputs : null };
      } catch (err) {
        if (err instanceof WorkerRequestError || err instanceof WorkerExitedError) throw new ModelLoadError(`failed to load model '${config.name}': ${err.message}`);
        throw err;
      }
      handle.account(answer.memoryBytes);
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
          const wire = ordered.map(tensorToWire);
          let frame;
          try {
            frame = await handle.request({ op: "infer", inputs: wire.map((w) => w.spec), want: want.map((w) => w.index) }, wire.map((w) => w.bytes));
          } catch (err) {
            // Triton answers a failure inside forward(), or a worker gone mid-request, with 500.
            if (err instanceof WorkerRequestError || err instanceof WorkerExitedError) throw new ModelInputError(err.message, 500);
            throw err;
          }
          let offset = 0;
          const tensors = (frame.header.outputs as WireTensor[]).map((spec, i) => {
            const bytes = frame.body.subarray(offset, offset + spec.nbytes);
            offset += spec.nbytes;
            return tensorFromWire(want[i]!.name, spec, bytes);
          });
          tensors.forEach((t, i) => {
            const declared = want[i]!.datatype;
            if (declared && declared !== t.datatype) {
              throw new ModelInputError(`output '${t.name}' is ${t.datatype} in the model but ${declared} in config.pbtxt`, 500);
            }
          });
          return tensors;
        },
        unload: () => handle.unload(),
      };
    },
  };
}

/** The process's PyTorch backend, registered in MODEL_BACKENDS. */
export const torchBackend = createTorchBackend(TORCH_RUNTIME);

async function supervisorOrRefusal(runtime: WorkerRuntime) {
  try {
    return await runtime.supervisorForTorch();
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
