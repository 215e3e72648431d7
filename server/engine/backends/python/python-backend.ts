import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import { v2TypeOf } from "@/lib/v2/data-types";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, versionEntryKind, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../model-backend";
import { PythonUnavailableError, TORCH_RUNTIME, type WorkerRuntime } from "../torch/torch-runtime";
import type { TorchSupervisor } from "../torch/torch-supervisor";
import { WorkerExitedError, WorkerRequestError } from "../torch/torch-worker-process";
import { WorkerModelHandle } from "../torch/worker-model-handle";
import { pythonTensorFromWire, pythonTensorToWire, type PythonWireTensor } from "./python-tensors";
import { pythonInstance, tritonConfigJson } from "./triton-config-json";

/**
 * Reserved before a Python model loads, beyond its version folder's size (weights it may read
 * from there): the module, what it imports beyond numpy, and the objects initialize() builds.
 * The worker's measurement replaces it once the model is loaded.
 */
export const PYTHON_LOAD_MARGIN_BYTES = 4 * 1024 * 1024;

/**
 * The least a loaded Python model is accounted: the RSS delta around its import and initialize()
 * is counted in whole pages, and Python keeps freed memory in its own arenas, so a small model
 * can measure 0 (or less). A model the cache saw as free would never be evicted for room and
 * would skew GDSF's frequency per byte; 1 MiB is about what the module, its class and a few
 * small arrays cost the interpreter.
 */
export const PYTHON_MIN_MODEL_BYTES = 1024 * 1024;

/** config.pbtxt's parameter naming a conda-pack archive for the model (Triton's python backend unpacks and activates it). */
const EXECUTION_ENV_PATH = "EXECUTION_ENV_PATH";

/**
 * Triton's Python backend (`backend: "python"`, `<version>/model.py` defining `class
 * TritonPythonModel`) in the engine's supervised Python worker, beside TorchScript models (the
 * worker imports torch only for those, so a Python with numpy and no torch runs Python models).
 * Each model gets its own module namespace there, `initialize(args)` with Triton's args, and
 * `execute` with a list of one request per call. Memory is what the worker measured around the
 * import and initialize() (RSS, or CUDA's allocator when the model used CUDA through torch).
 * Without a Python that has numpy, or with a conda-pack environment, the model fails as a
 * platform the engine cannot run (501), saying why.
 */
export function createPythonBackend(runtime: WorkerRuntime): ModelBackend {
  return {
    name: "python",
    handles(config) {
      const resolved = resolveModelFormat(config);
      return resolved.ok && resolved.format.backend === "python";
    },

    // Refusing here, before the cache makes room, means an unsupported model evicts nothing.
    async estimateMemoryBytes(files, config) {
      refuseUnsupported(config);
      await supervisorOrRefusal(runtime);
      return estimatePythonMemoryBytes(files.bytes);
    },

    async load(files, config): Promise<LoadedModel> {
      refuseUnsupported(config);
      const supervisor = await supervisorOrRefusal(runtime);
      // The runtime passes config.pbtxt with the name the model is registered under (the target
      // model; a composing model's own name in an ensemble), as Triton rewrites it.
      const modelName = config.name || basename(files.modelDir);
      const path = await modelPath(files, config, modelName);
      const instance = pythonInstance(config, modelName, machineHasGpu(supervisor));
      const args: Record<string, string> = {
        model_config: JSON.stringify(tritonConfigJson(config, modelName, instance)),
        model_instance_kind: instance.kind,
        model_instance_name: instance.instanceName,
        model_instance_device_id: String(instance.deviceId),
        model_repository: files.modelDir,
        model_version: String(files.version),
        model_name: modelName,
      };
      const handle = new WorkerModelHandle(runtime, supervisor, { kind: "python", path, args });
      let answer;
      try {
        answer = await handle.load();
      } catch (err) {
        // A model whose initialize() fails does not load: the engine's status for that, unless
        // the model needed what the engine cannot run (501).
        if (err instanceof WorkerRequestError) throw new ModelLoadError(`failed to load model '${modelName}': ${err.message}`, err.status);
        if (err instanceof WorkerExitedError) throw new ModelLoadError(`failed to load model '${modelName}': ${err.message}`);
        throw err;
      }
      const measured = typeof answer.measured_bytes === "number" ? answer.measured_bytes : undefined;
      const memoryBytes = measured === undefined ? estimatePythonMemoryBytes(files.bytes) : Math.max(PYTHON_MIN_MODEL_BYTES, measured);
      handle.account(memoryBytes);
      const declared = new Map(config.output.map((o) => [o.name, v2TypeOf(o.dataType)]));
      const allOutputs = config.output.map((o) => o.name);
      return {
        memoryBytes,
        memorySource: measured === undefined ? "estimated" : "measured",
        async infer(inputs: Tensor[], outputs?: string[]): Promise<Tensor[]> {
          const wire = inputs.map(pythonTensorToWire);
          // A request that names no output asks for all of them (Triton fills in config.pbtxt's).
          const requested = outputs && outputs.length > 0 ? outputs : allOutputs;
          let frame;
          try {
            frame = await handle.request({ op: "infer", inputs: wire.map((w) => w.spec), requested }, wire.map((w) => w.bytes));
          } catch (err) {
            // The model's own error response keeps the status Triton gives its code; an exception
            // in execute(), or a worker gone mid-request, is a 500.
            if (err instanceof WorkerRequestError) throw new ModelInputError(err.message, err.status ?? 500);
            if (err instanceof WorkerExitedError) throw new ModelInputError(err.message, 500);
            throw err;
          }
          let offset = 0;
          return (frame.header.outputs as PythonWireTensor[]).map((spec) => {
            const tensor = pythonTensorFromWire(spec, frame.body.subarray(offset, offset + spec.nbytes));
            offset += spec.nbytes;
            const want = declared.get(spec.name);
            if (want && want !== spec.dtype) throw new ModelInputError(`output '${spec.name}' is ${spec.dtype} in the model's response but ${want} in config.pbtxt`, 500);
            return tensor;
          });
        },
        unload: () => handle.unload(),
      };
    },
  };
}

/** The process's Python backend, registered in MODEL_BACKENDS. */
export const pythonBackend = createPythonBackend(TORCH_RUNTIME);

function estimatePythonMemoryBytes(folderBytes: number): number {
  return folderBytes + PYTHON_LOAD_MARGIN_BYTES;
}

/** What the local engine cannot run, said before anything is loaded: a conda-pack environment (501). */
function refuseUnsupported(config: ModelConfig): void {
  const env = config.parameters[EXECUTION_ENV_PATH];
  if (env) {
    throw new ModelLoadError(
      `conda-pack environments are not supported by the local engine yet: config.pbtxt sets parameters { key: "${EXECUTION_ENV_PATH}" } ("${env.stringValue}"). ` +
        `Install what the model imports into the worker's Python (MME_ENGINE_PYTHON) and remove the parameter to run it locally; SageMaker's Triton unpacks the environment.`,
      501,
    );
  }
}

async function supervisorOrRefusal(runtime: WorkerRuntime): Promise<TorchSupervisor> {
  try {
    return await runtime.supervisorForPython();
  } catch (err) {
    if (err instanceof PythonUnavailableError) throw new ModelLoadError(err.message, 501);
    if (err instanceof WorkerExitedError) throw new ModelLoadError(err.message);
    throw err;
  }
}

async function modelPath(files: ModelVersionFiles, config: ModelConfig, modelName: string): Promise<string> {
  const resolved = resolveModelFormat(config);
  if (!resolved.ok) throw new ModelLoadError(resolved.reason);
  const file = resolved.format.modelFilename;
  if ((await versionEntryKind(files, file)) !== "file") throw new ModelLoadError(`failed to load model '${modelName}': version ${files.version} has no ${file}`);
  return join(files.modelDir, String(files.version), file);
}

let gpuDevicePresent: boolean | undefined;

/** Whether KIND_AUTO means a GPU here: torch's answer once a TorchScript model imported it, else whether the machine has an NVIDIA device. */
function machineHasGpu(supervisor: TorchSupervisor): boolean {
  const torch = supervisor.lastTorch;
  if (torch) return torch.cudaAvailable;
  gpuDevicePresent ??= existsSync("/dev/nvidia0");
  return gpuDevicePresent;
}
