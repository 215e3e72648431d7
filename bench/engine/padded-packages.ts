import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildTarGz } from "@/test/support/triton/build-tar";
import { estimateOnnxMemoryBytes } from "@/server/engine/backends/onnx/onnx-memory";
import { ONNX_ADD_MODEL } from "./fixtures";

const ONNX_FILE_BYTES = readFileSync(ONNX_ADD_MODEL).byteLength;

/**
 * The bytes the engine's cache accounts for an onnx-add package whose version folder also holds
 * `padding` bytes: the ONNX backend estimates a session from its version folder's files
 * (server/engine/backends/onnx/onnx-memory.ts, imported so the two never disagree).
 */
export function accountedBytes(padding: number): number {
  return estimateOnnxMemoryBytes(ONNX_FILE_BYTES + padding);
}

/** Padding that makes a package's accounted size `multiple` times the unpadded one's (rounded up). */
export function paddingFor(multiple: number): number {
  return Math.ceil(((multiple - 1) * accountedBytes(0)) / 2);
}

/**
 * onnx-add with an extra zero-filled `1/padding.bin`: never read by onnxruntime, counted by the
 * cache. Zeros keep the archive tiny; the largest padding (about 2.3 MiB) stays under the 8 MiB
 * below which the package checker does not apply its compression-ratio rule.
 */
export function paddedPackage(padding: number): Uint8Array {
  const dir = join(ONNX_ADD_MODEL, "..", "..");
  return buildTarGz([
    { name: "onnx-add/", type: "dir" },
    { name: "onnx-add/config.pbtxt", data: readFileSync(join(dir, "config.pbtxt")) },
    { name: "onnx-add/1/", type: "dir" },
    { name: "onnx-add/1/model.onnx", data: readFileSync(ONNX_ADD_MODEL) },
    ...(padding > 0 ? [{ name: "onnx-add/1/padding.bin", data: new Uint8Array(padding) }] : []),
  ]);
}
