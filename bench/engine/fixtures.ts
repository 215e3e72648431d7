import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./engine-process";

/** The tiny ONNX model every part uses: OUTPUT0 = INPUT0 + INPUT1, FP32 [-1, 4]. */
export const ONNX_ADD_PACKAGE = join(REPO_ROOT, "fixtures/models/onnx-add.tar.gz");
export const ONNX_ADD_MODEL = join(REPO_ROOT, "fixtures/models/src/onnx-add/1/model.onnx");

type V2Tensor = { name: string; datatype: string; shape: number[]; data: number[] };
type Reference = { cases: { request: { inputs: V2Tensor[] }; response: { outputs: V2Tensor[] } }[] };

export function onnxAddReference() {
  const ref = JSON.parse(readFileSync(join(REPO_ROOT, "fixtures/models/onnx-add.reference.json"), "utf8")) as Reference;
  const c = ref.cases[0]!;
  return {
    request: c.request,
    /** The KServe v2 JSON request body sent to InvokeEndpoint. */
    body: Buffer.from(JSON.stringify(c.request)),
    expected: c.response.outputs,
  };
}

/** Throws unless a v2 JSON response carries the reference outputs. */
export function checkOnnxAddResponse(body: Uint8Array): void {
  const { expected } = onnxAddReference();
  const got = JSON.parse(Buffer.from(body).toString("utf8")) as { outputs?: V2Tensor[] };
  const out = got.outputs?.find((o) => o.name === expected[0]!.name);
  if (!out || JSON.stringify(out.data) !== JSON.stringify(expected[0]!.data) || JSON.stringify(out.shape) !== JSON.stringify(expected[0]!.shape)) {
    throw new Error(`unexpected InvokeEndpoint answer: ${Buffer.from(body).toString("utf8").slice(0, 500)}`);
  }
}
