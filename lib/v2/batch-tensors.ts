import type { Tensor, TensorData } from "./tensor";

/**
 * What Triton's dynamic batcher does to tensors, for backends that run one batch for several
 * requests (onnxruntime, FIL, libtorch: pytorch_backend concatenates the requests' inputs along
 * the first dimension and splits the outputs back, row for row). Row-major data makes both a
 * matter of copying whole runs of elements.
 */

/**
 * The requests' inputs concatenated along the batch dimension, input by input (by name). Every
 * request must give the same inputs with the same datatype and the same shape past the batch
 * dimension: the batcher only puts such requests together (batchShapeKey).
 */
export function concatBatch(requests: readonly (readonly Tensor[])[]): Tensor[] {
  const first = requests[0]!;
  if (requests.length === 1) return [...first];
  return first.map((t) => {
    const parts = requests.map((r) => r.find((x) => x.name === t.name)!);
    const rows = parts.reduce((sum, p) => sum + p.shape[0]!, 0);
    return { name: t.name, datatype: t.datatype, shape: [rows, ...t.shape.slice(1)], data: concatData(parts.map((p) => p.data)) };
  });
}

/** Splits a batch's outputs back into each request's rows (`rows[i]` of them for request i, in order). */
export function splitBatch(outputs: readonly Tensor[], rows: readonly number[]): Tensor[][] {
  if (rows.length === 1) return [[...outputs]];
  const total = rows.reduce((a, b) => a + b, 0);
  const perRequest: Tensor[][] = rows.map(() => []);
  for (const out of outputs) {
    if (out.shape[0] !== total) throw new Error(`the model's output ${out.name} has ${out.shape[0]} rows for a batch of ${total}`);
    const rowElements = out.shape.slice(1).reduce((a, b) => a * b, 1);
    let row = 0;
    rows.forEach((n, i) => {
      const data = sliceData(out.data, row * rowElements, (row + n) * rowElements);
      perRequest[i]!.push({ name: out.name, datatype: out.datatype, shape: [n, ...out.shape.slice(1)], data, ...(out.parameters ? { parameters: out.parameters } : {}) });
      row += n;
    });
  }
  return perRequest;
}

/**
 * The key requests must share to be batched together: each input's name, datatype and shape
 * past the batch dimension, and the outputs asked for. (Triton batches requests whose variable
 * dimensions differ only with ragged batching, which the engine does not do.)
 */
export function batchShapeKey(inputs: readonly Tensor[], outputs: readonly string[] | undefined): string {
  const ins = [...inputs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((t) => `${t.name}:${t.datatype}:${t.shape.slice(1).join("x")}`);
  return `${ins.join(",")}|${outputs ? [...outputs].sort().join(",") : "*"}`;
}

function concatData(parts: readonly TensorData[]): TensorData {
  const first = parts[0]!;
  if (Array.isArray(first)) return (parts as Uint8Array[][]).flat();
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new (first.constructor as new (n: number) => Exclude<TensorData, Uint8Array[]>)(length);
  let at = 0;
  for (const p of parts as Exclude<TensorData, Uint8Array[]>[]) {
    (out as { set(a: ArrayLike<number | bigint>, offset: number): void }).set(p, at);
    at += p.length;
  }
  return out;
}

/** A copy (a request's rows must not share the batch's buffer with another's). */
function sliceData(data: TensorData, from: number, to: number): TensorData {
  return data.slice(from, to) as TensorData;
}
