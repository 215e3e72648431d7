/**
 * Small ONNX models written byte for byte, for tests of the onnxruntime backend: the fixtures
 * have FP32 models only. A minimal protobuf writer over the few onnx.proto messages a graph needs
 * (field numbers from onnx/onnx.proto): ModelProto { ir_version 1, graph 7, opset_import 8 },
 * OperatorSetIdProto { version 2 }, GraphProto { node 1, name 2, initializer 5, input 11,
 * output 12 }, NodeProto { input 1, output 2, op_type 4 }, ValueInfoProto { name 1, type 2 },
 * TypeProto { tensor_type 1 }, TypeProto.Tensor { elem_type 1, shape 2 }, TensorShapeProto
 * { dim 1 }, Dimension { dim_value 1, dim_param 2 }, TensorProto { dims 1, data_type 2, name 8,
 * raw_data 9 }.
 */

/** TensorProto.DataType. */
export const ELEM = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10 } as const;

type Bytes = number[];

function varint(n: number): Bytes {
  const out: Bytes = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const num = (field: number, n: number): Bytes => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: Bytes | Uint8Array): Bytes => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string): Bytes => bytes(field, [...new TextEncoder().encode(s)]);

/** A tensor's declared type: element type and dims (a string is a symbolic dimension). */
export type ValueInfo = { name: string; elem: number; dims: (number | string)[] };

const valueInfo = (v: ValueInfo): Bytes => {
  const shape = v.dims.flatMap((d) => bytes(1, typeof d === "number" ? num(1, d) : str(2, d)));
  return [...str(1, v.name), ...bytes(2, bytes(1, [...num(1, v.elem), ...bytes(2, shape)]))];
};

export type OnnxNode = { op: string; inputs: string[]; outputs: string[] };
export type Initializer = { name: string; dims: number[]; data: Float32Array };

/** A ModelProto (IR 8, opset 13) of one graph. */
export function onnxModel(graph: { inputs: ValueInfo[]; outputs: ValueInfo[]; nodes: OnnxNode[]; initializers?: Initializer[] }): Uint8Array {
  const g: Bytes = [
    ...graph.nodes.flatMap((n) => bytes(1, [...n.inputs.flatMap((i) => str(1, i)), ...n.outputs.flatMap((o) => str(2, o)), ...str(4, n.op)])),
    ...str(2, "g"),
    ...(graph.initializers ?? []).flatMap((t) =>
      bytes(5, [...t.dims.flatMap((d) => num(1, d)), ...num(2, ELEM.FLOAT), ...str(8, t.name), ...bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))]),
    ),
    ...graph.inputs.flatMap((v) => bytes(11, valueInfo(v))),
    ...graph.outputs.flatMap((v) => bytes(12, valueInfo(v))),
  ];
  return Uint8Array.from([...num(1, 8), ...bytes(7, g), ...bytes(8, num(2, 13))]);
}

/**
 * One model over four element types: SUM = A + A (INT64), TEXT = Identity(S) (STRING),
 * NOT = Not(B) (BOOL), HALF = Identity(H) (FLOAT16). Every dimension is variable.
 */
export function dtypesModel(): Uint8Array {
  return onnxModel({
    inputs: [
      { name: "A", elem: ELEM.INT64, dims: ["n"] },
      { name: "S", elem: ELEM.STRING, dims: ["m"] },
      { name: "B", elem: ELEM.BOOL, dims: ["k"] },
      { name: "H", elem: ELEM.FLOAT16, dims: ["h"] },
    ],
    outputs: [
      { name: "SUM", elem: ELEM.INT64, dims: ["n"] },
      { name: "TEXT", elem: ELEM.STRING, dims: ["m"] },
      { name: "NOT", elem: ELEM.BOOL, dims: ["k"] },
      { name: "HALF", elem: ELEM.FLOAT16, dims: ["h"] },
    ],
    nodes: [
      { op: "Add", inputs: ["A", "A"], outputs: ["SUM"] },
      { op: "Identity", inputs: ["S"], outputs: ["TEXT"] },
      { op: "Not", inputs: ["B"], outputs: ["NOT"] },
      { op: "Identity", inputs: ["H"], outputs: ["HALF"] },
    ],
  });
}

/** Y = X·W·W·…·W (`layers` MatMuls of a width × width FP32 weight): compute-heavy with a few KiB of file. */
export function matmulChainModel(width: number, layers: number): Uint8Array {
  // Uniform in ±√3/√width (variance 1/width): values keep their size through many layers.
  const w = Float32Array.from({ length: width * width }, (_, i) => ((((i * 2654435761) % 1000) / 1000 - 0.5) * 2 * Math.sqrt(3)) / Math.sqrt(width));
  const names = Array.from({ length: layers + 1 }, (_, i) => (i === 0 ? "X" : i === layers ? "Y" : `h${i}`));
  return onnxModel({
    inputs: [{ name: "X", elem: ELEM.FLOAT, dims: ["batch", width] }],
    outputs: [{ name: "Y", elem: ELEM.FLOAT, dims: ["batch", width] }],
    nodes: Array.from({ length: layers }, (_, i) => ({ op: "MatMul", inputs: [names[i]!, "W"], outputs: [names[i + 1]!] })),
    initializers: [{ name: "W", dims: [width, width], data: w }],
  });
}
