import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { emptyHead, headKeyFor, modelHead, targetModel, versionRecordKeyFor, type VersionRecord } from "@/lib/model-registry";
import { buildTarGz } from "@/test/support/triton/build-tar";

/** onnx-add's model.onnx: a valid graph, OUTPUT0 = INPUT0 + INPUT1. */
const ONNX_ADD_MODEL = path.resolve("fixtures/models/src/onnx-add/1/model.onnx");

const ADD_CONFIG = (model: string, second: string) =>
  `name: "${model}"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 0\n` +
  `input [ { name: "INPUT0", data_type: TYPE_FP32, dims: [ -1, 4 ] }, { name: "${second}", data_type: TYPE_FP32, dims: [ -1, 4 ] } ]\n` +
  `output [ { name: "OUTPUT0", data_type: TYPE_FP32, dims: [ -1, 4 ] } ]\n`;

/**
 * A package every static check accepts and the engine cannot load: onnx-add's real ONNX graph
 * under a config.pbtxt that names an input (INPUT9) the graph does not have, which Triton refuses
 * at load time.
 */
export function configMismatchPackage(model: string): Uint8Array {
  return buildTarGz([
    { name: `${model}/config.pbtxt`, data: ADD_CONFIG(model, "INPUT9") },
    { name: `${model}/1/model.onnx`, data: fs.readFileSync(ONNX_ADD_MODEL) },
  ]);
}

/** A package whose model.onnx is random bytes (the static checker may refuse it: write it with putVersionDirectly). */
export function randomBytesOnnxPackage(model: string): Uint8Array {
  const junk = new Uint8Array(256);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 151 + 7) % 256;
  return buildTarGz([
    { name: `${model}/config.pbtxt`, data: ADD_CONFIG(model, "INPUT1") },
    { name: `${model}/1/model.onnx`, data: junk },
  ]);
}

/** onnx-add's signature, as a version record keeps it. */
export const ADD_SIGNATURE = {
  maxBatchSize: 0,
  inputs: [
    { name: "INPUT0", dataType: "TYPE_FP32", dims: [-1, 4] },
    { name: "INPUT1", dataType: "TYPE_FP32", dims: [-1, 4] },
  ],
  outputs: [{ name: "OUTPUT0", dataType: "TYPE_FP32", dims: [-1, 4] }],
};

/**
 * Registers a package as the next ready version of a model straight through S3 (artifact, record,
 * head), as the demo seed does: for packages the upload's checker would refuse. Answers the version.
 */
export async function putVersionDirectly(s3: S3Client, a: { bucket: string; prefix: string; model: string; bytes: Uint8Array }): Promise<number> {
  const headKey = headKeyFor(a.prefix, a.model);
  const current = await s3
    .send(new GetObjectCommand({ Bucket: a.bucket, Key: headKey }))
    .then(async (o) => modelHead.parse(JSON.parse(await o.Body!.transformToString())))
    .catch((e: Error) => {
      if (e.name === "NoSuchKey") return emptyHead(a.model);
      throw e;
    });
  const version = current.nextVersion;
  const uploadedAt = new Date().toISOString();
  const put = await s3.send(new PutObjectCommand({ Bucket: a.bucket, Key: `${a.prefix}${targetModel(a.model, version)}`, Body: a.bytes }));
  const record: VersionRecord = {
    model: a.model,
    version,
    targetModel: targetModel(a.model, version),
    size: a.bytes.length,
    etag: put.ETag ?? "",
    sha256: createHash("sha256").update(a.bytes).digest("hex"),
    framework: "onnx",
    platform: "onnxruntime_onnx",
    ...ADD_SIGNATURE,
    tritonVersions: [1],
    uploadedBy: "test",
    uploadedAt,
  };
  await s3.send(new PutObjectCommand({ Bucket: a.bucket, Key: versionRecordKeyFor(a.prefix, a.model, version), Body: JSON.stringify(record) }));
  current.nextVersion = version + 1;
  current.versions[version] = { state: "ready", uploadedBy: "test", uploadedAt, size: a.bytes.length, framework: "onnx" };
  await s3.send(new PutObjectCommand({ Bucket: a.bucket, Key: headKey, Body: JSON.stringify(current) }));
  return version;
}
