/**
 * Walks an ONNX file's top-level protobuf as it streams in and says whether it is a ModelProto.
 *
 * The fields, from onnx/onnx.proto (message ModelProto): ir_version = 1 (int64), producer_name = 2,
 * producer_version = 3, domain = 4, model_version = 5 (int64), doc_string = 6, graph = 7 (GraphProto),
 * opset_import = 8 (repeated OperatorSetIdProto), metadata_props = 14, training_info = 20,
 * functions = 25. Only the top level is read: every length-delimited field (the graph with its
 * initializers, gigabytes in a large model) is skipped by its length, never buffered, so the walk
 * costs O(1) memory and one pass over bytes that are being inflated anyway. What it proves: the
 * whole file is a well-formed sequence of top-level fields ending exactly at the end of the file,
 * with an ir_version, a graph and an opset_import (onnxruntime refuses a ModelProto without any
 * of the three). Random bytes fail this within a few bytes: a wrong wire type or a length past the
 * end. What it does not prove: that the graph inside is valid (onnxruntime checks that on load).
 */

// Protobuf wire types (protobuf encoding guide): 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32; 3/4 are groups, which onnx.proto never uses.
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const IR_VERSION = 1;
const GRAPH = 7;
const OPSET_IMPORT = 8;

/** The wire type each ModelProto field is written with; fields not listed are accepted as unknown (newer ONNX). */
const WIRE_TYPE_OF: Record<number, number> = { 1: VARINT, 2: LENGTH_DELIMITED, 3: LENGTH_DELIMITED, 4: LENGTH_DELIMITED, 5: VARINT, 6: LENGTH_DELIMITED, 7: LENGTH_DELIMITED, 8: LENGTH_DELIMITED, 14: LENGTH_DELIMITED, 20: LENGTH_DELIMITED, 25: LENGTH_DELIMITED };
const FIELD_NAME: Record<number, string> = { 1: "ir_version", 5: "model_version", 7: "graph", 8: "opset_import" };

/** IR versions run 1 to 11 as of ONNX 1.17; a far larger number is a sign of bytes that only look like a varint. */
const MAX_PLAUSIBLE_IR_VERSION = 99;

export class OnnxModelProtoWalker {
  private readonly size: number;
  private offset = 0;
  /** Bytes of the current field still to skip (a length-delimited or fixed-size value). */
  private skip = 0;
  /** What the next varint is: a field's tag, a varint field's value, or a length. */
  private expect: "tag" | "value" | "length" = "tag";
  private field = 0;
  private acc = 0;
  private accBytes = 0;
  private irVersion: number | undefined;
  private hasGraph = false;
  private hasOpsetImport = false;
  private problem: string | null = null;

  /** `size`: the file's size from its tar header, so a length past the end is caught at once. */
  constructor(size: number) {
    this.size = size;
  }

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && this.problem === null) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        this.offset += n;
        i += n;
        continue;
      }
      const b = chunk[i++]!;
      this.offset++;
      // Multiplication, not shifts: a 64-bit varint overflows 32-bit bit operations; precision past 2^53 does not matter here.
      this.acc += (b & 0x7f) * 2 ** (7 * this.accBytes);
      this.accBytes++;
      if (b & 0x80) {
        if (this.accBytes >= 10) this.fail(`a varint at byte ${this.offset - 10} runs past 10 bytes`);
        continue;
      }
      const value = this.acc;
      this.acc = 0;
      this.accBytes = 0;
      this.onVarint(value);
    }
  }

  /** Null when the file is a ModelProto as far as the walk can tell; else what is wrong, in words. */
  finish(): string | null {
    if (this.problem !== null) return this.problem;
    if (this.size === 0) return "the file is empty";
    if (this.skip > 0 || this.accBytes > 0 || this.expect !== "tag") return `the file ends inside field ${this.field} (truncated, or not protobuf)`;
    if (this.irVersion === undefined) return "it has no ir_version (ModelProto field 1)";
    if (!this.hasGraph) return "it has no graph (ModelProto field 7)";
    if (!this.hasOpsetImport) return "it has no opset_import (ModelProto field 8): which operator set its graph uses is unknown";
    return null;
  }

  private onVarint(value: number) {
    if (this.expect === "tag") {
      const field = Math.floor(value / 8);
      const wireType = value % 8;
      const at = `at byte ${this.offset - 1}`;
      if (field === 0) return this.fail(`field number 0 ${at} is not valid protobuf`);
      const expected = WIRE_TYPE_OF[field];
      if (expected !== undefined && expected !== wireType) return this.fail(`field ${field}${FIELD_NAME[field] ? ` (${FIELD_NAME[field]})` : ""} ${at} has wire type ${wireType}, ModelProto writes it as ${expected}`);
      this.field = field;
      if (wireType === VARINT) this.expect = "value";
      else if (wireType === LENGTH_DELIMITED) this.expect = "length";
      else if (wireType === FIXED64 || wireType === FIXED32) this.skipBytes(wireType === FIXED64 ? 8 : 4);
      else return this.fail(`field ${field} ${at} has wire type ${wireType}, which ONNX never writes`);
      if (field === GRAPH) this.hasGraph = true;
      if (field === OPSET_IMPORT) this.hasOpsetImport = true;
      return;
    }
    if (this.expect === "value") {
      if (this.field === IR_VERSION) {
        if (value < 1 || value > MAX_PLAUSIBLE_IR_VERSION) return this.fail(`ir_version ${value} is not an ONNX IR version`);
        this.irVersion = value;
      }
      this.expect = "tag";
      return;
    }
    this.expect = "tag";
    this.skipBytes(value);
  }

  private skipBytes(n: number) {
    if (n > this.size - this.offset) return this.fail(`field ${this.field}${FIELD_NAME[this.field] ? ` (${FIELD_NAME[this.field]})` : ""} declares ${n} bytes at byte ${this.offset}, past the end of the ${this.size}-byte file`);
    this.skip = n;
  }

  private fail(message: string) {
    this.problem ??= message;
  }
}
