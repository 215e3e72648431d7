import * as ort from "onnxruntime-node";
import { batchSizeSequence } from "./batch-sizes";
import { elapsedUs } from "./percentiles";
import { ENGINE_ONNX_SESSION_OPTIONS } from "./raw-onnx";

/**
 * The batching figures' floor: `session.run` in this process, with the engine's own session
 * options (the same intra-op threads), on batches of the sizes the engine's batcher formed, one
 * batch after another as the batcher runs them on a model with one instance. Inputs are built
 * once per size, so only the inference is timed.
 */
export async function openRawBatched(modelPath: string, input: { name: string; row: Float32Array }, maxBatch: number) {
  const session = await ort.InferenceSession.create(modelPath, ENGINE_ONNX_SESSION_OPTIONS);
  const feeds = new Map<number, Record<string, ort.Tensor>>();
  const feedOf = (rows: number) => {
    let f = feeds.get(rows);
    if (!f) {
      const data = new Float32Array(rows * input.row.length);
      for (let r = 0; r < rows; r++) data.set(input.row, r * input.row.length);
      f = { [input.name]: new ort.Tensor("float32", data, [rows, input.row.length]) };
      feeds.set(rows, f);
    }
    return f;
  };
  return {
    /** One row through the session: its first output's data and shape, for checking. */
    async once(): Promise<{ data: Float32Array; dims: readonly number[] }> {
      const out = await session.run(feedOf(1));
      const t = out[session.outputNames[0]!]!;
      return { data: t.data as Float32Array, dims: t.dims };
    },
    /** Batches averaging `meanBatch` rows, back to back for `durationMs` (plus the batch under way). */
    async run(meanBatch: number, durationMs: number): Promise<{ rows: number; batches: number; seconds: number; rps: number }> {
      const next = batchSizeSequence(meanBatch, maxBatch);
      // Every size once first, untimed: onnxruntime plans memory per shape on its first run.
      for (const size of new Set([Math.floor(meanBatch), Math.ceil(meanBatch)].map((s) => Math.max(1, Math.min(maxBatch, s))))) await session.run(feedOf(size));
      let rows = 0;
      let batches = 0;
      const start = process.hrtime.bigint();
      const deadline = Date.now() + durationMs;
      while (Date.now() < deadline) {
        const size = next();
        await session.run(feedOf(size));
        rows += size;
        batches++;
      }
      const seconds = elapsedUs(start) / 1e6;
      return { rows, batches, seconds, rps: rows / seconds };
    },
    close: () => session.release(),
  };
}
