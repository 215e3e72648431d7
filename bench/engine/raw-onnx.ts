import * as ort from "onnxruntime-node";
import { SESSION_OPTIONS } from "../../server/engine/backends/onnx/onnx-backend";
import { onnxAddReference } from "./fixtures";

/** The engine's own session options, so the in-process baseline runs the model exactly as the engine does. */
export const ENGINE_ONNX_SESSION_OPTIONS = SESSION_OPTIONS;

/** The reference request's inputs as onnxruntime tensors. */
export function referenceFeeds(): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const t of onnxAddReference().request.inputs) feeds[t.name] = new ort.Tensor("float32", Float32Array.from(t.data), t.shape);
  return feeds;
}

/** An in-process session over `modelPath` and a one-inference op on the reference inputs. */
export async function openRawOnnx(modelPath: string) {
  const session = await ort.InferenceSession.create(modelPath, ENGINE_ONNX_SESSION_OPTIONS);
  const feeds = referenceFeeds();
  const expected = onnxAddReference().expected[0]!;
  const first = await session.run(feeds);
  const got = Array.from(first[expected.name]!.data as Float32Array);
  if (JSON.stringify(got) !== JSON.stringify(expected.data)) throw new Error(`raw onnxruntime answered ${got}`);
  return {
    run: () => session.run(feeds),
    close: () => session.release(),
  };
}
