import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { instanceCount } from "@/lib/triton/instance-count";
import type { ModelConfig } from "@/lib/triton/model-config";
import { resolveModelFormat } from "@/lib/triton/model-files";
import { v2TypeOf } from "@/lib/v2/data-types";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, versionEntryKind, type BatchRequest, type InferOptions, type LoadedModel, type ModelBackend, type ModelVersionFiles } from "../model-backend";
import { PythonUnavailableError, TORCH_RUNTIME, type WorkerRuntime } from "../torch/torch-runtime";
import type { TorchSupervisor } from "../torch/torch-supervisor";
import { WorkerExitedError, WorkerRequestError } from "../torch/torch-worker-process";
import { WorkerModelHandle } from "../torch/worker-model-handle";
import { pythonTensorFromWire, pythonTensorToWire, type PythonWireTensor } from "./python-tensors";
import { pythonInstanceGroups, pythonInstances, tritonConfigJson } from "./triton-config-json";

/**
 * Reserved before a Python model loads, beyond its version folder's size (weights it may read
 * from there): the module, what it imports beyond numpy, and the objects initialize() builds.
 * The worker's measurement replaces it once the model is loaded.
 */
export const PYTHON_LOAD_MARGIN_BYTES = 4 * 1024 * 1024;

/**
 * The least a loaded Python model is accounted, per instance: the RSS delta around its import
 * and initialize() is counted in whole pages, and Python keeps freed memory in its own arenas, so
 * a small model can measure 0 (or less). A model the cache saw as free would never be evicted for room and
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
 * Each instance (instance_group's counts summed) gets its own module namespace and
 * TritonPythonModel there, `initialize(args)` with its own Triton args, and its own thread: the
 * instances of a model take its requests from one queue, as Triton's stub processes do, and models
 * run concurrently. `execute` gets a list: one request (`infer`) or the dynamic batcher's batch
 * (`inferBatch`). Memory is what the worker measured around each instance's import and
 * initialize() (RSS, or CUDA's allocator when the model used CUDA through torch), summed.
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
      return estimatePythonMemoryBytes(files.bytes, instanceCount(config));
    },

    async load(files, config): Promise<LoadedModel> {
      refuseUnsupported(config);
      const supervisor = await supervisorOrRefusal(runtime);
      // The runtime passes config.pbtxt with the name the model is registered under (the target
      // model; a composing model's own name in an ensemble), as Triton rewrites it.
      const modelName = config.name || basename(files.modelDir);
      const path = await modelPath(files, config, modelName);
      const groups = pythonInstanceGroups(config, modelName, machineHasGpu(supervisor));
      const modelConfig = JSON.stringify(tritonConfigJson(config, modelName, groups));
      const instances = pythonInstances(groups).map(
        (instance): Record<string, string> => ({
          model_config: modelConfig,
          model_instance_kind: instance.kind,
          model_instance_name: instance.instanceName,
          model_instance_device_id: String(instance.deviceId),
          model_repository: files.modelDir,
          model_version: String(files.version),
          model_name: modelName,
        }),
      );
      const handle = new WorkerModelHandle(runtime, supervisor, { kind: "python", path, instances });
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
      const memoryBytes = measured === undefined ? estimatePythonMemoryBytes(files.bytes, instances.length) : Math.max(PYTHON_MIN_MODEL_BYTES * instances.length, measured);
      handle.account(memoryBytes);
      const declared = new Map(config.output.map((o) => [o.name, v2TypeOf(o.dataType)]));
      const allOutputs = config.output.map((o) => o.name);

      /** One execute() with every request; each request's outputs, or the error it alone failed with. */
      async function inferBatch(requests: BatchRequest[]): Promise<(Tensor[] | Error)[]> {
        const results: (Tensor[] | Error | undefined)[] = requests.map(() => undefined);
        const sent: number[] = [];
        const entries: Record<string, unknown>[] = [];
        const body: Uint8Array[] = [];
        requests.forEach((r, index) => {
          let wire;
          try {
            wire = r.inputs.map(pythonTensorToWire);
          } catch (err) {
            results[index] = err instanceof Error ? err : new Error(String(err));
            return;
          }
          // A request that names no output asks for all of them (Triton fills in config.pbtxt's).
          const requested = r.outputs && r.outputs.length > 0 ? r.outputs : allOutputs;
          sent.push(index);
          entries.push({ inputs: wire.map((w) => w.spec), requested, request_id: r.requestId ?? "" });
          for (const w of wire) body.push(w.bytes);
        });
        if (entries.length === 0) return results as (Tensor[] | Error)[];
        let frame;
        try {
          frame = await handle.request({ op: "infer", requests: entries }, body);
        } catch (err) {
          // An exception in execute() (or not one response per request), or a worker gone
          // mid-request, fails every request of the execution: 500 unless the worker said.
          let failure: Error;
          if (err instanceof WorkerRequestError) failure = new ModelInputError(err.message, err.status ?? 500);
          else if (err instanceof WorkerExitedError) failure = new ModelInputError(err.message, 500);
          else throw err;
          for (const index of sent) results[index] = failure;
          return results as (Tensor[] | Error)[];
        }
        const responses = (frame.header.responses ?? []) as PythonWireResponse[];
        let offset = 0;
        sent.forEach((index, i) => {
          const response = responses[i];
          if (!response) {
            results[index] = new ModelInputError(`the worker answered ${responses.length} response(s) for ${sent.length} request(s)`, 500);
          } else if ("error" in response) {
            // The model's own error response keeps the status Triton gives its code.
            results[index] = new ModelInputError(response.error, response.status ?? 500);
          } else {
            // The successful responses' outputs lie back to back in the body, in order.
            const size = response.outputs.reduce((n, spec) => n + spec.nbytes, 0);
            results[index] = outputsOf(response.outputs, frame.body.subarray(offset, offset + size));
            offset += size;
          }
        });
        return results as (Tensor[] | Error)[];
      }

      /** One response's tensors, or why they cannot be returned (a dtype other than config.pbtxt's, bytes that do not fit the shape). */
      function outputsOf(specs: PythonWireTensor[], bytes: Buffer): Tensor[] | Error {
        const tensors: Tensor[] = [];
        let offset = 0;
        for (const spec of specs) {
          const want = declared.get(spec.name);
          if (want && want !== spec.dtype) return new ModelInputError(`output '${spec.name}' is ${spec.dtype} in the model's response but ${want} in config.pbtxt`, 500);
          try {
            tensors.push(pythonTensorFromWire(spec, bytes.subarray(offset, offset + spec.nbytes)));
          } catch (err) {
            return new ModelInputError(err instanceof Error ? err.message : String(err), 500);
          }
          offset += spec.nbytes;
        }
        return tensors;
      }

      return {
        memoryBytes,
        memorySource: measured === undefined ? "estimated" : "measured",
        async infer(inputs: Tensor[], outputs?: string[], options?: InferOptions): Promise<Tensor[]> {
          const [result] = await inferBatch([{ inputs, outputs, requestId: options?.requestId }]);
          if (result instanceof Error) throw result;
          return result!;
        },
        inferBatch,
        unload: () => handle.unload(),
      };
    },
  };
}

/** The process's Python backend, registered in MODEL_BACKENDS. */
export const pythonBackend = createPythonBackend(TORCH_RUNTIME);

/** Each instance reads what it needs from the version folder and builds its own objects. */
function estimatePythonMemoryBytes(folderBytes: number, instances: number): number {
  return (folderBytes + PYTHON_LOAD_MARGIN_BYTES) * instances;
}

/** One request's answer in the worker's `infer` frame: its outputs (bytes in the body, in order), or its error response. */
type PythonWireResponse = { outputs: PythonWireTensor[] } | { error: string; status?: number };

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
