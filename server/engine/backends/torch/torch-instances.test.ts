import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ModelConfig } from "@/lib/triton/model-config";
import { parseConfigPbtxt } from "@/lib/triton/parse-config-pbtxt";
import type { Tensor } from "@/lib/v2/tensor";
import { FIXTURES_DIR, fixtureReference } from "@/test/support/engine/mme-endpoint";
import { decodeInputs, type Reference } from "@/test/support/engine/reference-tensors";
import { NUMPY } from "@/test/support/engine/python-backend";
import { waitFor } from "@/test/support/engine/start-test-engine";
import { SKIP_TORCH, TORCH } from "@/test/support/engine/torch-python";
import type { LoadedModel, ModelVersionFiles } from "../model-backend";
import { createPythonBackend } from "../python/python-backend";
import { createTorchBackend } from "./torch-backend";
import { WorkerRuntime } from "./torch-runtime";

const mlp = fixtureReference<Reference>("torch-mlp").cases[0]!;
const root = mkdtempSync(join(tmpdir(), "mme-torch-instances-"));
const runtime = new WorkerRuntime(() => undefined);
const detach = runtime.attach(process.env.MME_ENGINE_PYTHON);
const backend = createTorchBackend(runtime);
const loaded: LoadedModel[] = [];

afterAll(async () => {
  await Promise.all(loaded.map((m) => m.unload().catch(() => undefined)));
  await detach();
});

/** torch-mlp copied to its own folder, with `instanceGroup` added to its config.pbtxt. */
function mlpWith(name: string, instanceGroup: string): { files: ModelVersionFiles; config: ModelConfig } {
  const dir = join(root, name);
  cpSync(join(FIXTURES_DIR, "src", "torch-mlp"), dir, { recursive: true });
  const text = readFileSync(join(dir, "config.pbtxt"), "utf8").replace('name: "torch-mlp"', `name: "${name}"`) + `${instanceGroup}\n`;
  writeFileSync(join(dir, "config.pbtxt"), text);
  const parsed = parseConfigPbtxt(text);
  expect(parsed.errors).toEqual([]);
  return { files: { modelDir: dir, version: 1, bytes: statSync(join(dir, "1", "model.pt")).size }, config: parsed.config! };
}

async function load(m: { files: ModelVersionFiles; config: ModelConfig }): Promise<LoadedModel> {
  const l = await backend.load(m.files, m.config);
  loaded.push(l);
  return l;
}

const values = (t: Tensor) => Array.from(t.data as Float32Array | BigInt64Array, Number);

describe.skipIf(SKIP_TORCH)(`TorchScript model instances in the worker (${TORCH.found ? `torch ${TORCH.torchVersion}` : "no PyTorch"})`, { timeout: 60_000 }, () => {
  it("loads one copy per instance: count 2 accounts exactly twice count 1's measured bytes, and reserves twice the estimate", async () => {
    const one = mlpWith("one", "instance_group [ { count: 1 kind: KIND_CPU } ]");
    const two = mlpWith("two", "instance_group [ { count: 2 kind: KIND_CPU } ]");
    const three = mlpWith("three", 'instance_group [ { count: 2 kind: KIND_CPU }, { name: "more" count: 1 kind: KIND_CPU } ]');
    const [oneModel, twoModel, threeModel] = [await load(one), await load(two), await load(three)];
    expect([oneModel.memorySource, twoModel.memorySource, threeModel.memorySource]).toEqual(["measured", "measured", "measured"]);
    expect(oneModel.memoryBytes).toBeGreaterThan(0);
    expect(twoModel.memoryBytes).toBe(2 * oneModel.memoryBytes);
    expect(threeModel.memoryBytes).toBe(3 * oneModel.memoryBytes);
    const estimate = (m: typeof one) => backend.estimateMemoryBytes!(m.files, m.config);
    expect(await estimate(two)).toBe(2 * (await estimate(one)));
    expect(await estimate(three)).toBe(3 * (await estimate(one)));
    // The worker holds every copy (the stats' accounted bytes), and each answers as the model does.
    const stats = (await (await runtime.running[0]!.worker()).worker.request({ op: "stats" })).header;
    expect(stats.accounted).toBe(6 * oneModel.memoryBytes);
    const inputs = decodeInputs(mlp.request.inputs);
    const alone = await oneModel.infer(inputs);
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => twoModel.infer(inputs)));
    for (const out of concurrent) expect(out.map(values)).toEqual(alone.map(values));
  });

  it.skipIf(!NUMPY.found)("answers a TorchScript model while a Python model's execute() in the same worker is still running", async () => {
    const dir = join(root, "gated");
    mkdirSync(join(dir, "1"), { recursive: true });
    writeFileSync(join(dir, "1", "model.py"), GATED_MODEL.replaceAll("DIR", JSON.stringify(dir)));
    const text = `name: "gated"\nbackend: "python"\nmax_batch_size: 0\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 1 ] } ]\noutput [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 1 ] } ]\n`;
    writeFileSync(join(dir, "config.pbtxt"), text);
    const python = await createPythonBackend(runtime).load({ modelDir: dir, version: 1, bytes: 0 }, parseConfigPbtxt(text).config!);
    loaded.push(python);
    const torch = await load(mlpWith("beside", ""));
    let settled = false;
    const gated = python.infer([{ name: "INPUT0", datatype: "FP32", shape: [1], data: new Float32Array([2]) }]).finally(() => (settled = true));
    await waitFor(async () => existsSync(join(dir, "started")), (s) => s);
    const out = await torch.infer(decodeInputs(mlp.request.inputs));
    expect(out.map((t) => t.name)).toEqual(["OUTPUT__0", "OUTPUT__1"]);
    // The Python model cannot have returned: it waits for the gate, which opens only now.
    expect(settled).toBe(false);
    writeFileSync(join(dir, "gate"), "");
    expect(values((await gated)[0]!)).toEqual([2]);
  });
});

/** Writes `started` in DIR, waits (at most 10 s) for `gate` there, then echoes INPUT0. */
const GATED_MODEL = `
import os
import time

import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        open(os.path.join(DIR, "started"), "w").close()
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(DIR, "gate")):
            if time.monotonic() > deadline:
                raise TimeoutError("the gate never opened")
            time.sleep(0.01)
        return [pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", pb_utils.get_input_tensor_by_name(r, "INPUT0").as_numpy())]) for r in requests]
`;
