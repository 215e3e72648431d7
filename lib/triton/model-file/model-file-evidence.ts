import { JsonTopLevelWalker, type JsonTopLevel } from "./json-top-level-keys";
import { OnnxModelProtoWalker } from "./onnx-model-proto";
import { PythonModelClassFinder } from "./python-model-class";

/**
 * What the checker learns about a file in a version folder while it streams past: its first
 * bytes, and for the formats whose structure can be walked in one bounded pass, the walk's
 * verdict. Which walk runs is chosen by the file's extension, because the tar may hold the model
 * file before the config.pbtxt that says what it must be; a model file renamed by
 * default_model_filename to another extension gets the first-bytes checks only.
 */
export interface ModelFileEvidence {
  size: number;
  /** The first HEAD_BYTES bytes (fewer for a smaller file): magic numbers and first lines. */
  head: Uint8Array;
  /** `.onnx`: null when the file is a ModelProto, else what is wrong. */
  onnx?: string | null;
  /** `.json`: its top-level keys, or why it is not a JSON object. */
  json?: JsonTopLevel;
  /** `.py`: whether it defines TritonPythonModel. */
  pythonModelClass?: boolean;
}

const HEAD_BYTES = 256;

export class ModelFileEvidenceCollector {
  private readonly size: number;
  private readonly head: Uint8Array;
  private headLength = 0;
  private seen = 0;
  private readonly onnx?: OnnxModelProtoWalker;
  private readonly json?: JsonTopLevelWalker;
  private readonly python?: PythonModelClassFinder;

  constructor(path: string, size: number) {
    this.size = size;
    this.head = new Uint8Array(Math.min(size, HEAD_BYTES));
    const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
    if (ext === "onnx") this.onnx = new OnnxModelProtoWalker(size);
    else if (ext === "json") this.json = new JsonTopLevelWalker();
    else if (ext === "py") this.python = new PythonModelClassFinder();
  }

  /** Chunks are views the tar reader reuses: what is kept is copied. */
  feed(chunk: Uint8Array): void {
    if (this.headLength < this.head.length) {
      const n = Math.min(this.head.length - this.headLength, chunk.length);
      this.head.set(chunk.subarray(0, n), this.headLength);
      this.headLength += n;
    }
    this.seen += chunk.length;
    this.onnx?.feed(chunk);
    this.json?.feed(chunk);
    this.python?.feed(chunk);
  }

  /** The evidence, or null when the file's data was not read to its end (then nothing is claimed about it). */
  finish(): ModelFileEvidence | null {
    if (this.seen !== this.size) return null;
    return {
      size: this.size,
      head: this.head,
      ...(this.onnx ? { onnx: this.onnx.finish() } : {}),
      ...(this.json ? { json: this.json.finish() } : {}),
      ...(this.python ? { pythonModelClass: this.python.finish() } : {}),
    };
  }
}
