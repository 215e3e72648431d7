import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import * as ort from "onnxruntime-node";
import { extractTritonPackage } from "@/lib/triton/node/extract-package";
import { putPackage, type BenchEngine } from "./bench-endpoint";
import { checkOnnxAddResponse, ONNX_ADD_PACKAGE } from "./fixtures";
import { elapsedUs } from "./percentiles";
import { ENGINE_ONNX_SESSION_OPTIONS, referenceFeeds } from "./raw-onnx";
import type { signedInvoker } from "./warm-invoke";

/**
 * What a first invoke costs done by hand, in-process: read the package from disk, gunzip and
 * untar it with lib/triton/node/extract-package.ts (the checked, streaming extractor), create
 * the onnxruntime session, run the reference request once. Milliseconds.
 */
export async function rawColdOnce(parentDir: string): Promise<number> {
  const t = process.hrtime.bigint();
  const stream = Readable.toWeb(createReadStream(ONNX_ADD_PACKAGE)) as ReadableStream<Uint8Array>;
  const { report, dir } = await extractTritonPackage(stream, parentDir);
  if (!dir) throw new Error(`package refused: ${JSON.stringify(report).slice(0, 300)}`);
  const session = await ort.InferenceSession.create(join(dir, "onnx-add", "1", "model.onnx"), ENGINE_ONNX_SESSION_OPTIONS);
  await session.run(referenceFeeds());
  const ms = elapsedUs(t) / 1000;
  await session.release();
  await rm(dir, { recursive: true, force: true });
  return ms;
}

/**
 * N copies of the package under distinct keys (S3 only, never invoked before), each invoked
 * once, alternating with the in-process baseline so both see the same machine.
 */
export async function measureCold(engine: BenchEngine, invoker: ReturnType<typeof signedInvoker>, opts: { prefix: string; count: number; packageBytes: Uint8Array }) {
  const keys = Array.from({ length: opts.count }, (_, i) => `cold/c${String(i).padStart(4, "0")}.tar.gz`);
  for (const key of keys) await putPackage(engine, opts.prefix + key, opts.packageBytes);
  const parent = await mkdtemp(join(tmpdir(), "mme-bench-rawcold-"));
  // One untimed raw pass first: onnxruntime's first session in a process pays one-off setup.
  await rawColdOnce(parent);
  const engineMs = new Float64Array(opts.count);
  const rawMs = new Float64Array(opts.count);
  const cacheHeaders: string[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const t = process.hrtime.bigint();
      const res = await invoker.send(keys[i]!);
      engineMs[i] = elapsedUs(t) / 1000;
      if (res.status !== 200) throw new Error(`cold invoke of ${keys[i]}: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 300)}`);
      checkOnnxAddResponse(res.body);
      cacheHeaders.push(String(res.headers["x-mme-model-cache"] ?? ""));
      rawMs[i] = await rawColdOnce(parent);
    }
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
  return { engineMs, rawMs, cacheHeaders };
}
