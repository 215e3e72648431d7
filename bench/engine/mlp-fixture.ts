import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./engine-process";

/**
 * The batching part's model (scripts/fixtures/make-batching-fixtures.py): an FP32 MLP,
 * INPUT0 [-1, 512] -> 7 hidden layers of 2048 (MatMul + Relu) -> OUTPUT0 [-1, 16], whose weights
 * onnxruntime folds into initializers at load. Two packages of the same model.onnx: `onnx-mlp`
 * without dynamic_batching, `onnx-mlp-batched` with it (max_batch_size 32, one instance).
 */
export const MLP_PACKAGES = {
  batched: join(REPO_ROOT, "fixtures/models/onnx-mlp-batched.tar.gz"),
  unbatched: join(REPO_ROOT, "fixtures/models/onnx-mlp.tar.gz"),
};
export const MLP_MODEL = join(REPO_ROOT, "fixtures/models/src/onnx-mlp/1/model.onnx");
const BATCHED_CONFIG = join(REPO_ROOT, "fixtures/models/src/onnx-mlp-batched/config.pbtxt");

/** The batched package's dynamic_batching settings, read from its config.pbtxt (the one place they are written). */
export function mlpBatching(): { maxQueueDelayUs: number; maxBatchSize: number; instances: number } {
  const text = readFileSync(BATCHED_CONFIG, "utf8");
  const num = (re: RegExp, fallback?: number) => {
    const m = re.exec(text);
    if (!m && fallback === undefined) throw new Error(`${BATCHED_CONFIG}: no match for ${re}`);
    return m ? Number(m[1]) : fallback!;
  };
  return {
    maxQueueDelayUs: num(/max_queue_delay_microseconds:\s*(\d+)/, 0),
    maxBatchSize: num(/max_batch_size:\s*(\d+)/),
    instances: num(/count:\s*(\d+)/, 1),
  };
}

type V2Tensor = { name: string; datatype: string; shape: number[]; data: number[] };
type Reference = { cases: { request: { inputs: V2Tensor[] }; response: { outputs: V2Tensor[] } }[] };

/** Within this fraction of the case's largest |output|: numpy and onnxruntime sum in different orders. */
const TOLERANCE = 1e-4;

/** The one-row reference request every part of the bench sends, and a check of the answers. */
export function mlpReference() {
  const ref = JSON.parse(readFileSync(join(REPO_ROOT, "fixtures/models/onnx-mlp.reference.json"), "utf8")) as Reference;
  const c = ref.cases.find((k) => k.request.inputs[0]!.shape[0] === 1)!;
  const input = c.request.inputs[0]!;
  const expected = c.response.outputs[0]!;
  return {
    /** The KServe v2 JSON request body sent to InvokeEndpoint: one row. */
    body: Buffer.from(JSON.stringify(c.request)),
    inputName: input.name,
    row: Float32Array.from(input.data),
    /** Throws unless `got` is the reference output within the tolerance. */
    checkOutput(got: ArrayLike<number>, shape: readonly number[]): void {
      const largest = Math.max(...expected.data.map(Math.abs));
      const worst = expected.data.reduce((w, x, i) => Math.max(w, Math.abs(x - (got[i] ?? NaN))), 0);
      if (JSON.stringify([...shape]) !== JSON.stringify(expected.shape) || !(worst <= TOLERANCE * largest)) {
        throw new Error(`MLP answered shape ${JSON.stringify(shape)}, off by ${worst} (allowed ${TOLERANCE * largest}): ${Array.from(got).slice(0, 4).join(", ")}...`);
      }
    },
    /** Throws unless a v2 JSON InvokeEndpoint answer carries the reference output. */
    checkResponse(body: Uint8Array): void {
      const text = Buffer.from(body).toString("utf8");
      const out = (JSON.parse(text) as { outputs?: V2Tensor[] }).outputs?.find((o) => o.name === expected.name);
      if (!out) throw new Error(`unexpected InvokeEndpoint answer: ${text.slice(0, 500)}`);
      this.checkOutput(out.data, out.shape);
    },
  };
}
