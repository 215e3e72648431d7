import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeInferenceRequest } from "@/lib/v2/inference-request";
import { endpointUnderTest } from "@/test/support/engine/endpoint-under-test";
import { fixturePackage, fixtureReference, FIXTURES_DIR } from "@/test/support/engine/mme-endpoint";
import { packageFromSource } from "@/test/support/engine/model-packages";
import { waitFor } from "@/test/support/engine/start-test-engine";
import { pythonWrapper } from "@/test/support/engine/python-backend";
import { asJson, decodeInputs, outputsOf, type JsonTensor, type Reference } from "@/test/support/engine/reference-tensors";
import { expectModelError } from "@/test/support/engine/expect-aws-error";
import { getBackend, getCapabilities, pythonWithoutTorch, SKIP_TORCH, TORCH, workerPid } from "@/test/support/engine/torch-python";

const BUCKET = "models";
const mlp = fixtureReference<Reference>("torch-mlp").cases[0]!;
const dtypes = fixtureReference<Reference>("torch-dtypes").cases[0]!;

const binaryRequest = (inputs: JsonTensor[]) => encodeInferenceRequest({ inputs: decodeInputs(inputs), outputs: [] }, { binary: true });

/**
 * FP32 outputs of matmuls are compared within 1e-6: BLAS may sum in another order with another
 * thread count than the generator's. Everything else (integers, elementwise ops) is exact.
 */
function expectOutputs(got: ReturnType<typeof asJson>[], want: JsonTensor[]) {
  expect(got.map((t) => [t.name, t.datatype, t.shape])).toEqual(want.map((t) => [t.name, t.datatype, t.shape]));
  got.forEach((t, i) => {
    const w = want[i]!;
    if (w.datatype !== "FP32") return expect(t.data).toEqual(w.data);
    (t.data as number[]).forEach((v, j) => expect(Math.abs(v - (w.data[j] as number))).toBeLessThan(1e-6));
  });
}

describe.skipIf(SKIP_TORCH)(`PyTorch models through InvokeEndpoint (${TORCH.found ? `torch ${TORCH.torchVersion}, ${TORCH.python}` : "no PyTorch"})`, () => {
  const ep = endpointUnderTest({
    endpoint: "torch",
    bucket: BUCKET,
    models: () => ({
      "mlp.tar.gz": fixturePackage("torch-mlp"),
      "dtypes.tar.gz": fixturePackage("torch-dtypes"),
      // Triton refuses a config that names more inputs than forward() takes.
      "extra-input.tar.gz": packageFromSource("torch-mlp", { config: (t) => t.replace('{ name: "INPUT__1" data_type: TYPE_FP32 dims: [ 4 ] }', '{ name: "INPUT__1" data_type: TYPE_FP32 dims: [ 4 ] },\n  { name: "INPUT__2" data_type: TYPE_FP32 dims: [ 4 ] }') }),
      "not-torchscript.tar.gz": packageFromSource("torch-mlp", { files: { "1/model.pt": "not a TorchScript archive" } }),
      "wrong-output-type.tar.gz": packageFromSource("torch-mlp", { config: (t) => t.replace("TYPE_INT64", "TYPE_INT32") }),
      // Behind Triton's dynamic batcher: concurrent requests run as one forward() of their rows.
      "batched.tar.gz": packageFromSource("torch-mlp", { config: (t) => `${t}\ndynamic_batching { max_queue_delay_microseconds: 20000 }\n` }),
    }),
  });
  const invoke = ep.invoke;

  it("batches concurrent requests into one forward() and gives each its own rows, as running them alone does", async () => {
    const requests = Array.from({ length: 12 }, (_, i) => {
      const rows = 1 + (i % 3);
      const values = (k: number) => Array.from({ length: rows * 4 }, (_, j) => ((i * 31 + j * 7 + k) % 17) / 4 - 2);
      return { inputs: [0, 1].map((k) => ({ name: `INPUT__${k}`, datatype: "FP32", shape: [rows, 4], data: values(k) })) };
    });
    await invoke("batched.tar.gz", JSON.stringify(requests[0]));
    const batched = await Promise.all(requests.map((r) => invoke("batched.tar.gz", JSON.stringify(r))));
    for (let i = 0; i < requests.length; i++) {
      const alone = outputsOf(await invoke("mlp.tar.gz", JSON.stringify(requests[i])));
      expectOutputs(outputsOf(batched[i]!), alone as JsonTensor[]);
    }
  });

  it("answers torch-mlp's reference (PyTorch's own outputs), FP32 and INT64, in JSON", async () => {
    const out = await invoke("mlp.tar.gz", JSON.stringify(mlp.request));
    expect(out.ContentType).toBe("application/json");
    const body = JSON.parse(new TextDecoder().decode(out.Body)) as { model_name: string; model_version: string };
    expect([body.model_name, body.model_version]).toEqual(["mlp.tar.gz", "1"]);
    expectOutputs(outputsOf(out), mlp.response.outputs);
  });

  it("takes binary inputs and answers binary outputs (binary+json)", async () => {
    const req = binaryRequest(mlp.request.inputs);
    const withBinaryOutputs = encodeInferenceRequest(
      { inputs: decodeInputs(mlp.request.inputs), outputs: [{ name: "OUTPUT__0", binary: true }, { name: "OUTPUT__1", binary: true }] },
      { binary: true },
    );
    const out = await invoke("mlp.tar.gz", withBinaryOutputs.body, withBinaryOutputs.contentType);
    expect(out.ContentType).toMatch(/^application\/vnd\.sagemaker-triton\.binary\+json;json-header-size=\d+$/);
    expectOutputs(outputsOf(out), mlp.response.outputs);
    // Binary inputs with no binary output asked: JSON back.
    const json = await invoke("mlp.tar.gz", req.body, req.contentType);
    expect(json.ContentType).toBe("application/json");
    expectOutputs(outputsOf(json), mlp.response.outputs);
  });

  it("returns only the outputs asked for, by name, from forward()'s tuple", async () => {
    const out = await invoke("mlp.tar.gz", JSON.stringify({ ...mlp.request, outputs: [{ name: "OUTPUT__1" }] }));
    expectOutputs(outputsOf(out), [mlp.response.outputs[1]!]);
  });

  it("maps every v2 datatype the model uses to torch and back (FP16, BF16, FP64, INT8/16/32, UINT8, BOOL), exactly", async () => {
    expectOutputs(outputsOf(await invoke("dtypes.tar.gz", JSON.stringify(dtypes.request))), dtypes.response.outputs);
    const req = binaryRequest(dtypes.request.inputs);
    expectOutputs(outputsOf(await invoke("dtypes.tar.gz", req.body, req.contentType)), dtypes.response.outputs);
  });

  it("checks requests against config.pbtxt: batch size up to max_batch_size, shapes, datatypes", async () => {
    const batch = (n: number) => ({
      inputs: mlp.request.inputs.map((t) => ({ ...t, shape: [n, 4], data: Array.from({ length: n * 4 }, (_, i) => i / 8) })),
    });
    const eight = outputsOf(await invoke("mlp.tar.gz", JSON.stringify(batch(8))));
    expect(eight.map((t) => t.shape)).toEqual([
      [8, 3],
      [8, 1],
    ]);
    await expectModelError(invoke("mlp.tar.gz", JSON.stringify(batch(9))), 400, /batch-size must be between 1 and 8/);
    const wrongType = { inputs: [mlp.request.inputs[0]!, { ...mlp.request.inputs[1]!, datatype: "FP64" }] };
    await expectModelError(invoke("mlp.tar.gz", JSON.stringify(wrongType)), 400, /'INPUT__1' has datatype FP64, but model 'mlp.tar.gz' expects FP32/);
  });

  it("refuses models Triton would refuse: not TorchScript, more inputs than forward() takes, an output of another type", async () => {
    await expectModelError(invoke("not-torchscript.tar.gz", JSON.stringify(mlp.request)), 400, /^failed to load model 'not-torchscript.tar.gz': .*torch\.jit\.load failed/);
    await expectModelError(invoke("extra-input.tar.gz", JSON.stringify(mlp.request)), 400, /declares 3 inputs, but the model's forward\(\) takes 2/);
    await expectModelError(invoke("wrong-output-type.tar.gz", JSON.stringify(mlp.request)), 400, /output 'OUTPUT__1' is INT64 in the model but INT32 in config.pbtxt/);
  });

  it("says in /_mme/capabilities that PyTorch runs, on which Python, with the worker's stats", async () => {
    const caps = await getCapabilities(ep.engine.url);
    const torch = caps.backends.find((b) => b.backend === "pytorch")!;
    expect(torch).toMatchObject({ available: true, platforms: ["pytorch_libtorch"] });
    expect(torch.python).toMatch(/python/);
    const [worker] = torch.workers as { device: string; pid: number; stats: { models: number } }[];
    expect(worker!.pid).toBeGreaterThan(0);
    expect(worker!.stats.models).toBeGreaterThanOrEqual(2);
    expect(caps.backends.find((b) => b.backend === "tensorrt")).toMatchObject({ available: false });
  });

  it("recovers from a killed worker: requests in flight get ModelError, later ones succeed on a new worker", async () => {
    await invoke("mlp.tar.gz", JSON.stringify(mlp.request));
    const pid = (await workerPid(ep.engine.url))!;
    // Stopped first, so the requests are surely in flight (written to its pipe, unanswered) when it dies.
    process.kill(pid, "SIGSTOP");
    const inFlight = Array.from({ length: 3 }, () => invoke("mlp.tar.gz", JSON.stringify(mlp.request)).then(
      () => undefined,
      (e: unknown) => e,
    ));
    await waitFor(
      async () => ep.engine.modelCache.snapshot().endpoints.flatMap((e) => e.instances).reduce((n, i) => n + i.inFlight, 0),
      (n) => n === 3,
    );
    process.kill(pid, "SIGKILL");
    const failures = await Promise.all(inFlight);
    for (const err of failures) {
      await expectModelError(Promise.reject(err), 400, /the PyTorch worker \(cpu\) exited on SIGKILL/);
    }
    // The next requests find a new worker, which reloads the model from the instance's disk.
    expectOutputs(outputsOf(await invoke("mlp.tar.gz", JSON.stringify(mlp.request))), mlp.response.outputs);
    expectOutputs(outputsOf(await invoke("dtypes.tar.gz", JSON.stringify(dtypes.request))), dtypes.response.outputs);
    const newPid = await workerPid(ep.engine.url);
    expect(newPid).toBeGreaterThan(0);
    expect(newPid).not.toBe(pid);
    // Still accounted as resident all along: no second load in the cache.
    const [instance] = ep.instances();
    expect(instance!.models.find((m) => m.targetModel === "mlp.tar.gz")).toMatchObject({ state: "loaded", memorySource: "measured" });
    expect(instance!.recent.filter((e) => e.kind === "load" && e.targetModel === "mlp.tar.gz")).toHaveLength(1);
  });
});

describe.skipIf(SKIP_TORCH)("PyTorch models under a small memory budget", () => {
  // The CPU worker measures torch-mlp's parameters (a few hundred bytes) and the cache reserves the
  // file's size before each load: this budget holds two loaded copies and no third.
  const FILE_BYTES = statSync(join(FIXTURES_DIR, "src/torch-mlp/1/model.pt")).size;
  const BUDGET = FILE_BYTES + 500;
  const MODELS = ["a", "b", "c", "d", "e"].map((m) => `${m}.tar.gz`);
  const ep = endpointUnderTest({
    endpoint: "small",
    bucket: BUCKET,
    config: () => ({ instanceMemoryBytes: BUDGET }),
    models: () => Object.fromEntries(MODELS.map((m) => [m, fixturePackage("torch-mlp")])),
  });

  it("evicts idle models to load others, answers every request right, and never exceeds the budget", async () => {
    const instance = () => ep.instances()[0]!;
    let peak = 0;
    const sampler = setInterval(() => {
      const i = ep.engine.modelCache.snapshot().endpoints.find((e) => e.endpointName === "small")?.instances[0];
      if (i) peak = Math.max(peak, i.memory.usedBytes);
    }, 1);
    try {
      // Three rounds over five models, two at a time.
      const order = [...MODELS, ...MODELS, ...MODELS];
      for (let i = 0; i < order.length; i += 2) {
        const outs = await Promise.all(
          order.slice(i, i + 2).map((m) => ep.invoke(m, JSON.stringify(mlp.request))),
        );
        for (const out of outs) expectOutputs(outputsOf(out), mlp.response.outputs);
        peak = Math.max(peak, instance().memory.usedBytes);
      }
    } finally {
      clearInterval(sampler);
    }
    const snap = instance();
    expect(snap.memory.budgetBytes).toBe(BUDGET);
    expect(peak).toBeLessThanOrEqual(BUDGET);
    expect(snap.counters.evictions).toBeGreaterThan(0);
    const loaded = snap.models.filter((m) => m.state === "loaded");
    expect(loaded.length).toBeLessThanOrEqual(2);
    for (const m of loaded) expect(m.memorySource).toBe("measured");
    // Evicted models really left the worker: it holds what the cache holds, nothing more.
    const torch = await getBackend(ep.engine.url, "pytorch");
    expect((torch.workers as { stats: { models: number } }[])[0]!.stats.models).toBe(loaded.length);
  });
});

describe("PyTorch models where no Python has PyTorch", () => {
  const python = pythonWithoutTorch();
  const ep = endpointUnderTest({ endpoint: "none", bucket: BUCKET, config: () => ({ python }), models: () => ({ "mlp.tar.gz": fixturePackage("torch-mlp"), "add.tar.gz": fixturePackage("onnx-add") }) });

  it("fails them as ModelError 501 saying PyTorch was not found and how to configure MME_ENGINE_PYTHON", async () => {
    const invoke = ep.invoke;
    await expectModelError(invoke("mlp.tar.gz", JSON.stringify(mlp.request)), 501, new RegExp(`^PyTorch is not available to the local engine: MME_ENGINE_PYTHON=${python} has no PyTorch; point it at a Python that does \\(tried .*has no torch module\\)$`));
    // The rest of the engine works.
    const add = fixtureReference<{ cases: { request: unknown }[] }>("onnx-add").cases[0]!.request;
    expect((await invoke("add.tar.gz", JSON.stringify(add))).ContentType).toBe("application/json");
    // Nothing was left loaded or on disk for the refused model.
    const [instance] = ep.instances();
    expect(instance!.models.map((m) => m.targetModel)).toEqual(["add.tar.gz"]);
  });

  it("says so in /_mme/capabilities, with the reason", async () => {
    const torch = await getBackend(ep.engine.url, "pytorch");
    expect(torch).toMatchObject({ available: false, platforms: ["pytorch_libtorch"] });
    expect(torch.reason).toMatch(/MME_ENGINE_PYTHON=.* has no PyTorch/);
  });
});

describe.skipIf(SKIP_TORCH)("PyTorch models when MME_ENGINE_PYTHON names a wrapper script", () => {
  // A virtual environment without system packages, whose wrapper puts torch's folder on
  // PYTHONPATH: torch is there through the wrapper only. The engine once found torch through the
  // wrapper, then started the worker with the interpreter the probe reported (the venv's python3,
  // no torch), and every PyTorch model failed.
  const ep = endpointUnderTest({
    endpoint: "wrapped",
    bucket: BUCKET,
    config: () => {
      const base = TORCH.found ? TORCH.executable : "python3";
      const venv = join(mkdtempSync(join(tmpdir(), "mme-venv-")), "venv");
      execFileSync(base, ["-m", "venv", "--without-pip", venv]);
      const site = execFileSync(base, ["-c", "import importlib.util, os; print(os.path.dirname(list(importlib.util.find_spec('torch').submodule_search_locations)[0]))"], { encoding: "utf8" }).trim();
      return { python: pythonWrapper(join(venv, "bin", "python3"), { PYTHONPATH: site }) };
    },
    models: () => ({ "mlp.tar.gz": fixturePackage("torch-mlp") }),
  });

  it("runs the worker through the wrapper, exactly the command named: PyTorch models load and answer", async () => {
    const out = await ep.invoke("mlp.tar.gz", JSON.stringify(mlp.request));
    expectOutputs(outputsOf(out), mlp.response.outputs);
    const torch = await getBackend(ep.engine.url, "pytorch");
    expect(torch).toMatchObject({ available: true });
    // The probe's answer: the interpreter the wrapper execs (the venv's), which alone has no torch.
    expect(torch.python).toMatch(/venv\/bin\/python3$/);
  });
});
