import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { emptyHead, headKeyFor, targetModel, versionRecordFrom, versionRecordKeyFor } from "../../lib/model-registry";
import { checkTritonPackage } from "../../lib/triton/check-package";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/models");
/** One model per backend the engine runs, so the demo's playground has something of each to invoke. */
const DEMO_PACKAGES = ["onnx-add", "xgboost-binary", "lightgbm-binary"];

/**
 * Registers the demo models as version 1 with a `production` alias, writing the same objects the
 * console's upload writes (artifact, version record, head) through the S3 SDK.
 */
export async function seedDemoModels(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  const uploadedAt = new Date().toISOString();
  for (const model of DEMO_PACKAGES) {
    const bytes = fs.readFileSync(path.join(FIXTURES, `${model}.tar.gz`));
    const report = await checkTritonPackage(new Blob([bytes]).stream(), { compressedSize: bytes.length });
    if (!report.ok || report.modelName !== model) throw new Error(`demo package ${model} does not check: ${report.errors.map((e) => e.message).join("; ")}`);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${targetModel(model, 1)}`, Body: bytes, IfNoneMatch: "*", ContentType: "application/gzip" }));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const record = versionRecordFrom({ model, version: 1, report, size: bytes.length, etag: put.ETag ?? "", sha256, uploadedBy: "demo seed", uploadedAt, notes: "demo model" });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: versionRecordKeyFor(prefix, model, 1), Body: JSON.stringify(record, null, 2), IfNoneMatch: "*" }));
    const head = emptyHead(model);
    head.nextVersion = 2;
    head.versions["1"] = { state: "ready", uploadedBy: "demo seed", uploadedAt, size: bytes.length, framework: report.framework, notes: "demo model" };
    head.aliases.production = 1;
    head.aliasHistory.push({ alias: "production", to: 1, by: "demo seed", at: uploadedAt });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: headKeyFor(prefix, model), Body: JSON.stringify(head, null, 2), IfNoneMatch: "*" }));
  }
}
