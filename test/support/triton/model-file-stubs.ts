/**
 * The smallest model files that pass the checker's static model-file checks, by file name, for
 * tests about everything else in a package (layouts, configs, limits). Not loadable models: the
 * engine's tests use fixtures/models/src for those.
 */

/** A protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const lengthDelimited = (field: number, body: number[]) => [...varint((field << 3) | 2), ...varint(body.length), ...body];

/** ModelProto { ir_version: 8, graph: { name: "g" }, opset_import: { version: 13 } } (onnx.proto field numbers 1, 7, 8). */
export const STUB_ONNX = new Uint8Array([...varint((1 << 3) | 0), ...varint(8), ...lengthDelimited(7, lengthDelimited(2, [0x67])), ...lengthDelimited(8, [...varint((2 << 3) | 0), ...varint(13)])]);

const STUBS: Record<string, Uint8Array | string> = {
  onnx: STUB_ONNX,
  // A zip's local file header signature and nothing much after it: all the check looks at.
  pt: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]),
  py: "class TritonPythonModel:\n    def execute(self, requests):\n        return []\n",
  json: '{"learner": {}, "version": [2, 1, 0]}',
  ubj: "{L\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0007learner{}}",
  txt: "tree\nversion=v4\n",
};

/** Bytes for a model file named `name` that its format's static check accepts; "x" for other files. */
export function stubModelFile(name: string): Uint8Array | string {
  return STUBS[name.slice(name.lastIndexOf(".") + 1)] ?? "x";
}
