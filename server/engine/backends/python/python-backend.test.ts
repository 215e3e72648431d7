import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeInferenceRequest } from "@/lib/v2/inference-request";
import { endpointUnderTest } from "@/test/support/engine/endpoint-under-test";
import { fixturePackage, fixtureReference } from "@/test/support/engine/mme-endpoint";
import { packageFromSource } from "@/test/support/engine/model-packages";
import { NUMPY, pythonWithNumpyOnly, pythonWrapper, SKIP_PYTHON } from "@/test/support/engine/python-backend";
import {
  ECHO_ARGS_CONFIG,
  ECHO_ARGS_MODEL,
  FAILING_INITIALIZE_MODEL,
  FAILING_MODEL,
  LIFECYCLE_MODEL,
  SIBLING_MODULE_MODEL,
  siblingHelpers,
  WRAPPED_MODEL,
} from "@/test/support/engine/python-models";
import { decodeInputs, outputsOf, type Reference } from "@/test/support/engine/reference-tensors";
import { expectModelError } from "@/test/support/engine/expect-aws-error";
import { getBackend, getCapabilities, pythonWithoutTorch, workerPid } from "@/test/support/engine/torch-python";

const BUCKET = "python-models";
const addSub = fixtureReference<Reference>("python-add-sub").cases[0]!;
const bytes = fixtureReference<Reference>("python-bytes").cases[0]!;

/** An add_sub request whose first element picks what FAILING_MODEL does. */
const modeRequest = (mode: number) => ({
  inputs: [
    { name: "INPUT0", datatype: "FP32", shape: [1, 4], data: [mode, 0, 0, 0] },
    { name: "INPUT1", datatype: "FP32", shape: [1, 4], data: [1, 1, 1, 1] },
  ],
});
/** python-add-sub's config and file layout with another model.py (and more files). */
const addSubWith = (model: string, files: Record<string, string> = {}, config: (t: string) => string = (t) => t) => packageFromSource("python-add-sub", { files: { "1/model.py": model, ...files }, config });

describe.skipIf(SKIP_PYTHON)(`Python models through InvokeEndpoint (${NUMPY.found ? `numpy ${NUMPY.numpyVersion}, ${NUMPY.python}` : "no numpy"})`, () => {
  const ep = endpointUnderTest({
    endpoint: "python",
    bucket: BUCKET,
    models: () => ({
      "add-sub.tar.gz": fixturePackage("python-add-sub"),
      "bytes.tar.gz": fixturePackage("python-bytes"),
      "echo.tar.gz": packageFromSource("python-add-sub", { files: { "1/model.py": ECHO_ARGS_MODEL }, config: () => ECHO_ARGS_CONFIG }),
      "failing.tar.gz": addSubWith(FAILING_MODEL),
      "failing-init.tar.gz": addSubWith(FAILING_INITIALIZE_MODEL),
      "sibling-1.tar.gz": addSubWith(SIBLING_MODULE_MODEL, { "1/helpers.py": siblingHelpers(1) }),
      "sibling-2.tar.gz": addSubWith(SIBLING_MODULE_MODEL, { "1/helpers.py": siblingHelpers(2) }),
      "bls-in-initialize.tar.gz": addSubWith(FAILING_INITIALIZE_MODEL.replace(/raise pb_utils.TritonModelException\(.*\)/, 'pb_utils.InferenceRequest(model_name="other", inputs=[], requested_output_names=[]).exec()')),
      "conda.tar.gz": packageFromSource("python-add-sub", { config: (t) => `${t}parameters { key: "EXECUTION_ENV_PATH" value: { string_value: "$$TRITON_MODEL_DIRECTORY/env.tar.gz" } }\n` }),
    }),
  });
  const invoke = ep.invoke;

  it("answers python-add-sub's reference (numpy's float32 sums and differences), in JSON and binary", async () => {
    const out = await invoke("add-sub.tar.gz", JSON.stringify(addSub.request));
    expect(out.ContentType).toBe("application/json");
    expect(outputsOf(out)).toEqual(addSub.response.outputs);
    const binary = encodeInferenceRequest({ inputs: decodeInputs(addSub.request.inputs), outputs: [{ name: "OUTPUT0", binary: true }, { name: "OUTPUT1", binary: true }] }, { binary: true });
    const bin = await invoke("add-sub.tar.gz", binary.body, binary.contentType);
    expect(bin.ContentType).toMatch(/^application\/vnd\.sagemaker-triton\.binary\+json;json-header-size=\d+$/);
    expect(outputsOf(bin)).toEqual(addSub.response.outputs);
  });

  it("returns only the outputs asked for (requested_output_names)", async () => {
    const out = await invoke("add-sub.tar.gz", JSON.stringify({ ...addSub.request, outputs: [{ name: "OUTPUT1" }] }));
    expect(outputsOf(out)).toEqual([addSub.response.outputs[1]]);
  });

  it("passes BYTES as numpy object arrays of bytes and back: python-bytes' upper-casing and token counts, in JSON and binary", async () => {
    expect(outputsOf(await invoke("bytes.tar.gz", JSON.stringify(bytes.request)))).toEqual(bytes.response.outputs);
    const binary = encodeInferenceRequest({ inputs: decodeInputs(bytes.request.inputs), outputs: [{ name: "UPPER", binary: true }, { name: "TOKENS", binary: true }] }, { binary: true });
    expect(outputsOf(await invoke("bytes.tar.gz", binary.body, binary.contentType))).toEqual(bytes.response.outputs);
  });

  it("gives initialize() Triton's args: the model's name as registered (the target model), its folder and version, config.pbtxt as Triton's JSON", async () => {
    const out = outputsOf(await invoke("echo.tar.gz", JSON.stringify({ inputs: [{ name: "INPUT0", datatype: "FP32", shape: [1, 4], data: [1, 2, 3, 4] }] })));
    const args = JSON.parse(out[0]!.data[0] as string) as Record<string, string>;
    expect(Object.keys(args).sort()).toEqual(["model_config", "model_instance_device_id", "model_instance_kind", "model_instance_name", "model_name", "model_repository", "model_version"]);
    expect(args).toMatchObject({ model_name: "echo.tar.gz", model_version: "1", model_instance_kind: "CPU", model_instance_device_id: "0", model_instance_name: "echo.tar.gz_0_0" });
    // The model's own folder on the instance's disk: config.pbtxt and the version folder.
    expect(args.model_repository).toMatch(/python-add-sub$/);
    expect(readFileSync(join(args.model_repository!, "config.pbtxt"), "utf8")).toBe(ECHO_ARGS_CONFIG);
    const config = JSON.parse(args.model_config!) as Record<string, unknown>;
    expect(config).toMatchObject({
      name: "echo.tar.gz",
      backend: "python",
      max_batch_size: 8,
      input: [{ name: "INPUT0", data_type: "TYPE_FP32", dims: [4], format: "FORMAT_NONE", optional: false }],
      output: [
        { name: "OUTPUT0", data_type: "TYPE_STRING", dims: [1] },
        { name: "OUTPUT1", data_type: "TYPE_FP32", dims: [4] },
      ],
      instance_group: [{ name: "echo.tar.gz_0", kind: "KIND_CPU", count: 1, gpus: [] }],
      parameters: { greeting: { string_value: "hello" } },
      dynamic_batching: { max_queue_delay_microseconds: 100 },
      version_policy: { latest: { num_versions: 1 } },
    });
    expect(out[1]).toEqual({ name: "OUTPUT1", datatype: "FP32", shape: [1, 4], data: [1, 2, 3, 4] });
  });

  // SageMaker's Triton answers every failed inference 400 whatever its code (src/sagemaker_server.cc, SageMakerMMEHandleInfer).
  it("answers an error response (pb_utils.TritonError) as ModelError 400 with its message, whatever its code", async () => {
    await expectModelError(invoke("failing.tar.gz", JSON.stringify(modeRequest(1))), 400, /^the model refused this request$/);
    await expectModelError(invoke("failing.tar.gz", JSON.stringify(modeRequest(2))), 400, /^INPUT0 is out of range$/);
    // The model stays loaded and answers the next request.
    expect(outputsOf(await invoke("failing.tar.gz", JSON.stringify(modeRequest(0))))[0]!.data).toEqual([1, 1, 1, 1]);
  });

  it("answers an exception in execute() as ModelError 400 with the traceback's last line and where in model.py", async () => {
    await expectModelError(
      invoke("failing.tar.gz", JSON.stringify(modeRequest(3))),
      400,
      /^Failed to process the request\(s\) for model instance 'failing.tar.gz_0_0', message: ValueError: execute exploded on 3 \(at 1\/model\.py\(\d+\): explode\)$/,
    );
  });

  it("refuses what Triton refuses of a response: an output of another dtype than config.pbtxt's, more responses than requests", async () => {
    await expectModelError(invoke("failing.tar.gz", JSON.stringify(modeRequest(5))), 400, /^output 'OUTPUT0' is FP64 in the model's response but FP32 in config.pbtxt$/);
    await expectModelError(invoke("failing.tar.gz", JSON.stringify(modeRequest(6))), 400, /InferenceRequest\(s\) size is:1, and InferenceResponse\(s\) size is:2$/);
  });

  it("fails a model whose initialize() raises: the load fails with its message, and nothing stays loaded", async () => {
    await expectModelError(
      invoke("failing-init.tar.gz", JSON.stringify(addSub.request)),
      400,
      /^failed to load model 'failing-init.tar.gz': Failed to initialize Python stub: TritonModelException: cannot initialize failing-init.tar.gz: weights.bin is missing \(at 1\/model\.py\(\d+\): initialize\)$/,
    );
    const [instance] = ep.instances();
    expect(instance!.models.map((m) => m.targetModel)).not.toContain("failing-init.tar.gz");
  });

  it("refuses business-logic scripting (a model calling another model) as 501, in execute() or initialize()", async () => {
    await expectModelError(
      invoke("failing.tar.gz", JSON.stringify(modeRequest(4))),
      501,
      /^Failed to process the request\(s\) for model instance 'failing.tar.gz_0_0', message: TritonModelException: BLS \(models calling other models\) is not supported by the local engine yet/,
    );
    await expectModelError(invoke("bls-in-initialize.tar.gz", JSON.stringify(addSub.request)), 501, /BLS \(models calling other models\) is not supported by the local engine yet/);
  });

  it("refuses a conda-pack environment (EXECUTION_ENV_PATH) as 501 naming the parameter, before loading anything", async () => {
    await expectModelError(
      invoke("conda.tar.gz", JSON.stringify(addSub.request)),
      501,
      /^conda-pack environments are not supported by the local engine yet: config.pbtxt sets parameters \{ key: "EXECUTION_ENV_PATH" \} \("\$\$TRITON_MODEL_DIRECTORY\/env.tar.gz"\)/,
    );
    // Refused when the cache asked what loading would take: nothing was reserved, loaded or kept.
    const [instance] = ep.instances();
    expect(instance!.recent.filter((e) => e.targetModel === "conda.tar.gz").map((e) => e.kind)).not.toContain("load");
    expect(instance!.models.map((m) => m.targetModel)).not.toContain("conda.tar.gz");
    expect(instance!.disk.models.map((m) => m.targetModel)).not.toContain("conda.tar.gz");
  });

  it("keeps two packages' model.py and their sibling modules apart: each model imports its own helpers.py", async () => {
    const one = outputsOf(await invoke("sibling-1.tar.gz", JSON.stringify(modeRequest(0))));
    const two = outputsOf(await invoke("sibling-2.tar.gz", JSON.stringify(modeRequest(0))));
    // Both loaded at once, called alternately: OUTPUT0 = INPUT0 + OFFSET (imported at load), OUTPUT1 = INPUT1 + lazy() (imported in execute).
    const again = outputsOf(await invoke("sibling-1.tar.gz", JSON.stringify(modeRequest(0))));
    expect([one[0]!.data, one[1]!.data]).toEqual([
      [1, 1, 1, 1],
      [11, 11, 11, 11],
    ]);
    expect([two[0]!.data, two[1]!.data]).toEqual([
      [2, 2, 2, 2],
      [21, 21, 21, 21],
    ]);
    expect(again).toEqual(one);
  });

  it("reports Python models in /_mme/capabilities apart from PyTorch: available, the worker's Python and numpy", async () => {
    const caps = await getCapabilities(ep.engine.url);
    const python = caps.backends.find((b) => b.backend === "python")!;
    expect(python).toMatchObject({ available: true, platforms: [], numpyVersion: NUMPY.found ? NUMPY.numpyVersion : "" });
    expect(python.python).toMatch(/python/);
    // The worker counts the Python models it holds.
    const torch = caps.backends.find((b) => b.backend === "pytorch")!;
    if (torch.available) expect((torch.workers as { stats: { pythonModels: number } }[])[0]!.stats.pythonModels).toBeGreaterThanOrEqual(5);
  });

  it("reloads Python models in a new worker after the worker is killed: initialize() runs again, later requests succeed", async () => {
    await invoke("add-sub.tar.gz", JSON.stringify(addSub.request));
    const pid = await workerPid(ep.engine.url);
    if (pid === undefined) return; // without PyTorch the worker is not listed; the torch tests cover the mechanism
    process.kill(pid, "SIGKILL");
    // The first request may meet the dead worker (500), or the new one: either way the model comes back.
    await invoke("add-sub.tar.gz", JSON.stringify(addSub.request)).catch((err: unknown) => expectModelError(Promise.reject(err), 400, /the Python worker \(cpu\) exited on SIGKILL/));
    expect(outputsOf(await invoke("add-sub.tar.gz", JSON.stringify(addSub.request)))).toEqual(addSub.response.outputs);
    expect(outputsOf(await invoke("bytes.tar.gz", JSON.stringify(bytes.request)))).toEqual(bytes.response.outputs);
  });
});

describe.skipIf(SKIP_PYTHON)("Python models under a small memory budget", () => {
  // Each model holds 3 MiB of touched memory (measured: the worker's RSS grows by about that much
  // in initialize()); the cache reserves the folder's size + 4 MiB before a load. This budget
  // holds one loaded model, or the reservation for the next, not both: every switch evicts.
  const BUDGET = 6.5 * 1024 * 1024;
  const MODELS = ["a", "b", "c"].map((m) => `${m}.tar.gz`);
  const log = join(mkdtempSync(join(tmpdir(), "mme-python-lifecycle-")), "events.log");
  const ep = endpointUnderTest({
    endpoint: "small",
    bucket: BUCKET,
    config: () => {
      writeFileSync(log, "");
      return { instanceMemoryBytes: BUDGET };
    },
    models: () => {
      const lifecycle = addSubWith(LIFECYCLE_MODEL, {}, (t) => `${t}parameters { key: "log" value: { string_value: "${log}" } }\nparameters { key: "megabytes" value: { string_value: "3" } }\n`);
      return Object.fromEntries(MODELS.map((m) => [m, lifecycle]));
    },
  });
  const invoke = (model: string) => ep.invoke(model, JSON.stringify(addSub.request));

  it("evicts idle models (finalize() runs), reloads them (initialize() again), answers every request right, within the budget", async () => {
    const instance = () => ep.instances()[0]!;
    let peak = 0;
    for (const m of [...MODELS, ...MODELS]) {
      expect(outputsOf(await invoke(m))).toEqual(addSub.response.outputs);
      peak = Math.max(peak, instance().memory.usedBytes);
    }
    const snap = instance();
    expect(peak).toBeLessThanOrEqual(BUDGET);
    expect(snap.counters.evictions).toBeGreaterThanOrEqual(3);
    const loaded = snap.models.filter((m) => m.state === "loaded");
    for (const m of loaded) {
      expect(m.memorySource).toBe("measured");
      // 3 MiB of weights, give or take the interpreter's own pages.
      expect(m.bytes).toBeGreaterThan(2.5 * 1024 * 1024);
    }
    const events = readFileSync(log, "utf8").trim().split("\n");
    // Every evicted model was finalized before another took its room, then initialized again.
    expect(events.slice(0, 4)).toEqual(["initialize a.tar.gz", "finalize a.tar.gz", "initialize b.tar.gz", "finalize b.tar.gz"]);
    expect(events.filter((e) => e === "initialize a.tar.gz")).toHaveLength(2);
    expect(events.filter((e) => e.startsWith("initialize")).length - events.filter((e) => e.startsWith("finalize")).length).toBe(loaded.length);
    // The worker holds what the cache holds, nothing more.
    const torch = await getBackend(ep.engine.url, "pytorch");
    if (torch.available) expect((torch.workers as { stats: { pythonModels: number } }[])[0]!.stats.pythonModels).toBe(loaded.length);
  });
});

describe.skipIf(SKIP_PYTHON)("MME_ENGINE_PYTHON naming a wrapper script", () => {
  // The wrapper puts a module on PYTHONPATH and sets a variable, then execs the Python: a worker
  // started with the interpreter the probe reported (sys.executable) instead sees neither.
  const dir = mkdtempSync(join(tmpdir(), "mme-wrapper-path-"));
  writeFileSync(join(dir, "wrapper_only_module.py"), "OFFSET = 100\n");
  const wrapper = pythonWrapper(NUMPY.found ? NUMPY.python : "python3", { PYTHONPATH: dir, MME_TEST_WRAPPER_OFFSET: "20" });
  const ep = endpointUnderTest({ endpoint: "wrapped", bucket: BUCKET, config: () => ({ python: wrapper }), models: () => ({ "model.tar.gz": addSubWith(WRAPPED_MODEL) }) });

  it("starts the worker through the wrapper, so models see what it sets", async () => {
    const out = await ep.invoke("model.tar.gz", JSON.stringify(modeRequest(0)));
    expect(outputsOf(out)[0]!.data).toEqual([120, 120, 120, 120]);
    const python = await getBackend(ep.engine.url, "python");
    expect(python.available).toBe(true);
  });
});

describe.skipIf(SKIP_PYTHON)("Python models on a Python with numpy and no torch", () => {
  const ep = endpointUnderTest({
    endpoint: "numpy-only",
    bucket: BUCKET,
    config: () => ({ python: pythonWithNumpyOnly(NUMPY.found ? NUMPY.executable : "python3") }),
    models: () => ({ "add-sub.tar.gz": fixturePackage("python-add-sub"), "bytes.tar.gz": fixturePackage("python-bytes"), "mlp.tar.gz": fixturePackage("torch-mlp") }),
  });

  it("runs Python models (the worker never imports torch) and refuses PyTorch models as 501", async () => {
    const invoke = ep.invoke;
    expect(outputsOf(await invoke("add-sub.tar.gz", JSON.stringify(addSub.request)))).toEqual(addSub.response.outputs);
    expect(outputsOf(await invoke("bytes.tar.gz", JSON.stringify(bytes.request)))).toEqual(bytes.response.outputs);
    const mlp = fixtureReference<Reference>("torch-mlp").cases[0]!;
    await expectModelError(invoke("mlp.tar.gz", JSON.stringify(mlp.request)), 501, /^PyTorch is not available to the local engine: MME_ENGINE_PYTHON=.* has no PyTorch/);
    const caps = await getCapabilities(ep.engine.url);
    expect(caps.backends.find((b) => b.backend === "python")).toMatchObject({ available: true });
    expect(caps.backends.find((b) => b.backend === "pytorch")).toMatchObject({ available: false });
  });
});

describe("Python models where the worker's Python has no numpy", () => {
  const python = pythonWithoutTorch();
  const ep = endpointUnderTest({ endpoint: "none", bucket: BUCKET, config: () => ({ python }), models: () => ({ "add-sub.tar.gz": fixturePackage("python-add-sub"), "add.tar.gz": fixturePackage("onnx-add") }) });

  it("fails them as ModelError 501 saying numpy is missing and how to configure MME_ENGINE_PYTHON; other models run", async () => {
    const invoke = ep.invoke;
    await expectModelError(
      invoke("add-sub.tar.gz", JSON.stringify(addSub.request)),
      501,
      new RegExp(`^Python models are not available to the local engine: MME_ENGINE_PYTHON=${python} has no numpy, which Python models get their tensors in; point it at a Python that has it \\(tried .*has no numpy module\\)$`),
    );
    const add = fixtureReference<{ cases: { request: unknown }[] }>("onnx-add").cases[0]!.request;
    expect((await invoke("add.tar.gz", JSON.stringify(add))).ContentType).toBe("application/json");
    const [instance] = ep.instances();
    expect(instance!.models.map((m) => m.targetModel)).toEqual(["add.tar.gz"]);
  });

  it("says so in /_mme/capabilities, with the reason", async () => {
    const python = await getBackend(ep.engine.url, "python");
    expect(python).toMatchObject({ available: false, platforms: [] });
    expect(python.reason).toMatch(/MME_ENGINE_PYTHON=.* has no numpy/);
  });
});
