import "server-only";
import { createHash } from "node:crypto";
import { CompleteMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { versionRecordFrom } from "@/lib/model-registry";
import type { VersionView } from "@/lib/schemas/model-views";
import { checkTritonPackage } from "@/lib/triton/check-package";
import type { PackageReport } from "@/lib/triton/package-report";
import { s3Client } from "@/server/aws/client-factory";
import { knownUpload, uploadLocation } from "@/server/bff/models/known-upload";
import { updateHead } from "@/server/bff/models/model-head";
import { versionRecordKey } from "@/server/bff/models/registry-keys";
import { putJsonConditionally } from "@/server/bff/models/s3-json";
import { sameAsEarlierVersion } from "@/server/bff/models/same-as-earlier-version";
import { verifyAfterUpload } from "@/server/bff/models/verify-version";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";
import { forgetUploadSession, touchUploadSession } from "@/server/console-store/upload-sessions";
import { ApiError } from "@/server/route/api-error";

type CompleteInput = { key: string; uploadId: string; parts: { partNumber: number; etag: string }[]; notes?: string };

/**
 * Finishes an upload: completes the multipart upload without ever overwriting (If-None-Match: *),
 * then checks the stored object itself (the browser's check is a convenience, not a guarantee):
 * its sha256 and the Triton package report. A package that would not load is deleted again;
 * a good one gets its immutable version record and becomes ready in the model's head.
 */
export async function completeUpload(endpoint: string, input: CompleteInput, actor: string): Promise<VersionView> {
  const upload = knownUpload(endpoint, input);
  touchUploadSession(upload.uploadId);
  const loc = uploadLocation(upload);
  const { model, version } = upload;
  const s3 = s3Client();
  const done = await s3
    .send(
      new CompleteMultipartUploadCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
        IfNoneMatch: "*",
        MultipartUpload: { Parts: [...input.parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    )
    .catch((e) => {
      // S3 no longer has it (aborted, or its version deleted): nothing is left to sign or complete.
      if (e?.name === "NoSuchUpload") forgetUploadSession(upload.uploadId);
      throw e;
    });
  // The upload is now an object, whatever the checks below decide of it.
  forgetUploadSession(upload.uploadId);

  const { report, sha256, size } = await inspectArtifact(loc, input.key);
  const problems = [...report.errors.map((e) => e.message), ...(report.ok && report.modelName !== null && report.modelName !== model ? [`the package's model folder is "${report.modelName}", not "${model}"`] : [])];
  if (!report.ok || problems.length > 0) {
    await s3.send(new DeleteObjectCommand({ Bucket: loc.bucket, Key: input.key }));
    await updateHead(loc, model, (head) => {
      delete head.versions[version];
    });
    throw new ApiError("unprocessable", `The uploaded package would not load: ${problems.slice(0, 5).join("; ")}`);
  }

  const uploadedAt = new Date().toISOString();
  const sameAs = await sameAsEarlierVersion(loc, model, version, { sha256, size });
  const record = versionRecordFrom({ model, version, report, size, etag: done.ETag ?? "", sha256, uploadedBy: actor, uploadedAt, notes: input.notes, sameAs });
  if (!(await putJsonConditionally(loc.bucket, versionRecordKey(loc, model, version), record, "absent"))) {
    throw new ApiError("conflict", `Version ${version} of "${model}" already has a record`);
  }
  await updateHead(loc, model, (head) => {
    head.versions[version] = { state: "ready", uploadedBy: actor, uploadedAt, size, framework: report.framework, notes: input.notes ?? head.versions[version]?.notes };
  });
  // Loaded and invoked once on the endpoint; a slow load answers "running" and goes on (verify-version.ts).
  const verification = await verifyAfterUpload(endpoint, model, version);
  return {
    version,
    state: "ready",
    targetModel: record.targetModel,
    size,
    sha256,
    framework: record.framework,
    platform: record.platform ?? record.backend,
    uploadedAt,
    uploadedBy: actor,
    notes: input.notes,
    aliases: [],
    sameAs,
    verification,
  };
}

/** Streams the stored artifact once through both the sha256 and the package checker. */
async function inspectArtifact(loc: ModelDataLocation, key: string): Promise<{ report: PackageReport; sha256: string; size: number }> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: loc.bucket, Key: key }));
  const [forCheck, forHash] = out.Body!.transformToWebStream().tee();
  const hash = createHash("sha256");
  let size = 0;
  const hashing = (async () => {
    const reader = forHash.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      hash.update(value);
    }
  })();
  const [report] = await Promise.all([checkTritonPackage(forCheck as ReadableStream<Uint8Array>, { compressedSize: out.ContentLength }), hashing]);
  return { report, sha256: hash.digest("hex"), size };
}
