import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import * as ort from "onnxruntime-node";
import { extractTritonPackage } from "@/lib/triton/node/extract-package";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { signedGet } from "../torch/signed-get";
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
export async function rawColdOnce(parentDir: string, parts?: { extractMs: number[] }): Promise<number> {
  const t = process.hrtime.bigint();
  const stream = Readable.toWeb(createReadStream(ONNX_ADD_PACKAGE)) as ReadableStream<Uint8Array>;
  const { report, dir } = await extractTritonPackage(stream, parentDir);
  if (!dir) throw new Error(`package refused: ${JSON.stringify(report).slice(0, 300)}`);
  parts?.extractMs.push(elapsedUs(t) / 1000);
  const session = await ort.InferenceSession.create(join(dir, "onnx-add", "1", "model.onnx"), ENGINE_ONNX_SESSION_OPTIONS);
  await session.run(referenceFeeds());
  const ms = elapsedUs(t) / 1000;
  await session.release();
  await rm(dir, { recursive: true, force: true });
  return ms;
}

/**
 * N copies of the package under distinct keys (S3 only, never invoked before), each invoked
 * once, alternating with the in-process baseline so both see the same machine. Where the engine's
 * time goes: each cold invoke is followed at once by a second (warm) invoke of the same model,
 * what the request costs without the load (HTTP, SigV4, the runtime, one inference), and the
 * cache's own load events (downloadMs: S3 read, gunzip, untar, checks, onto the instance's disk;
 * loadMs: reading the package's config, creating the session) come from the engine's residency
 * snapshot (its recent events; their sum is the cache's load: the event's own durationMs is whole
 * milliseconds).
 */
export async function measureCold(engine: BenchEngine, invoker: ReturnType<typeof signedInvoker>, opts: { prefix: string; count: number; packageBytes: Uint8Array; endpointName: string }) {
  const keys = Array.from({ length: opts.count }, (_, i) => `cold/c${String(i).padStart(4, "0")}.tar.gz`);
  for (const key of keys) await putPackage(engine, opts.prefix + key, opts.packageBytes);
  const parent = await mkdtemp(join(tmpdir(), "mme-bench-rawcold-"));
  // One untimed raw pass first: onnxruntime's first session in a process pays one-off setup.
  await rawColdOnce(parent);
  const engineMs = new Float64Array(opts.count);
  const warmAfterMs = new Float64Array(opts.count);
  const rawMs = new Float64Array(opts.count);
  const cacheHeaders: string[] = [];
  const rawParts = { extractMs: [] as number[] };
  try {
    for (let i = 0; i < opts.count; i++) {
      const t = process.hrtime.bigint();
      const res = await invoker.send(keys[i]!);
      engineMs[i] = elapsedUs(t) / 1000;
      if (res.status !== 200) throw new Error(`cold invoke of ${keys[i]}: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 300)}`);
      checkOnnxAddResponse(res.body);
      cacheHeaders.push(String(res.headers["x-mme-model-cache"] ?? ""));
      const w = process.hrtime.bigint();
      const again = await invoker.send(keys[i]!);
      warmAfterMs[i] = elapsedUs(w) / 1000;
      if (again.status !== 200) throw new Error(`second invoke of ${keys[i]}: HTTP ${again.status}`);
      rawMs[i] = await rawColdOnce(parent, rawParts);
    }
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
  const snapshot = await signedGet<CacheSnapshot>(engine.url, `/_mme/endpoints/${opts.endpointName}/residency`);
  const wanted = new Set(keys);
  const loads = snapshot.endpoints.flatMap((f) => f.instances.flatMap((i) => i.recent)).filter((e) => e.kind === "load" && wanted.has(e.targetModel));
  return {
    engineMs,
    warmAfterMs,
    rawMs,
    cacheHeaders,
    rawExtractMs: rawParts.extractMs,
    loadEvents: { count: loads.length, cacheLoadMs: loads.map((e) => (e.downloadMs ?? 0) + (e.loadMs ?? 0)), downloadMs: loads.map((e) => e.downloadMs ?? 0), loadMs: loads.map((e) => e.loadMs ?? 0) },
  };
}
