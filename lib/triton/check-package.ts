import type { CheckOptions, PackageReport } from "./package-report";
import { scanPackage } from "./scan-package";

export type { CheckOptions, PackageLimits, PackageProblem, PackageReport, TensorSignature, VersionReport } from "./package-report";
export { DEFAULT_PACKAGE_LIMITS } from "./package-report";

/**
 * Checks a Triton model package (.tar.gz) as it streams in: a browser `File.stream()`, a Node
 * `Readable.toWeb(fs.createReadStream(...))` or an S3 body. Reads only headers and
 * config.pbtxt into memory, refuses unsafe entries and bombs before inflating them, looks at
 * each model file as it streams past (lib/triton/model-file/: ONNX protobuf, TorchScript zip,
 * XGBoost/LightGBM structure, TritonPythonModel), and always resolves to a report (`ok`, or
 * every reason it would not load); it never throws.
 */
export async function checkTritonPackage(stream: ReadableStream<Uint8Array>, options: CheckOptions = {}): Promise<PackageReport> {
  try {
    return (await scanPackage(stream, { ...options, inspectModelFiles: true })).report;
  } catch (e) {
    // Only a bug (or a stream that was already locked) gets here: still a report, never a crash.
    return {
      ok: false,
      layout: null,
      modelName: null,
      modelFolder: null,
      platform: null,
      backend: null,
      framework: "unknown",
      modelFilename: null,
      filModelType: null,
      maxBatchSize: null,
      inputs: [],
      outputs: [],
      versions: [],
      composingModels: [],
      totalBytes: 0,
      compressedBytes: 0,
      inflatedBytes: 0,
      entries: 0,
      errors: [{ code: "internal_error", message: `the check failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` }],
      warnings: [],
    };
  }
}
