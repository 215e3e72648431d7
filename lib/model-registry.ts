import { z } from "zod";
import type { PackageReport } from "@/lib/triton/package-report";

/**
 * The model registry's layout in S3 and its documents, shared by the BFF and the demo seed.
 * All keys are under an endpoint's model data prefix (which ends with "/" or is empty):
 *   <prefix><model>/v<N>.tar.gz                        the artifact: the target model "<model>/v<N>.tar.gz"
 *   <prefix>.mme-registry/<model>/model.json           the model's head: versions, aliases (compare-and-swap)
 *   <prefix>.mme-registry/<model>/versions/v<N>.json   one version's immutable record (signature, sha256...)
 */
export const REGISTRY_DIR = ".mme-registry/";

export const targetModel = (model: string, version: number) => `${model}/v${version}.tar.gz`;
export const headKeyFor = (prefix: string, model: string) => `${prefix}${REGISTRY_DIR}${model}/model.json`;
export const versionRecordKeyFor = (prefix: string, model: string, version: number) => `${prefix}${REGISTRY_DIR}${model}/versions/v${version}.json`;

const versionEntry = z.object({
  state: z.enum(["uploading", "ready"]),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  size: z.number().optional(),
  framework: z.string().optional(),
  notes: z.string().optional(),
  /** The multipart upload of a version still uploading, so that discarding it can abort it. */
  uploadId: z.string().optional(),
});

export const modelHead = z.object({
  model: z.string(),
  /** Never reused, even after a delete: a version number names one artifact forever. */
  nextVersion: z.number().int().min(1),
  versions: z.record(z.string(), versionEntry),
  aliases: z.record(z.string(), z.number().int()),
  aliasHistory: z.array(z.object({ alias: z.string(), from: z.number().optional(), to: z.number().optional(), by: z.string(), at: z.string() })),
});
export type ModelHead = z.infer<typeof modelHead>;

export function emptyHead(model: string): ModelHead {
  return { model, nextVersion: 1, versions: {}, aliases: {}, aliasHistory: [] };
}

const tensor = z.object({ name: z.string(), dataType: z.string(), dims: z.array(z.number()) });

/** One version's immutable record, written once (If-None-Match: *) when its upload is verified. */
export const versionRecord = z.object({
  model: z.string(),
  version: z.number().int(),
  targetModel: z.string(),
  size: z.number(),
  etag: z.string(),
  sha256: z.string(),
  framework: z.string(),
  platform: z.string().optional(),
  backend: z.string().optional(),
  maxBatchSize: z.number(),
  inputs: z.array(tensor),
  outputs: z.array(tensor),
  tritonVersions: z.array(z.number()),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  notes: z.string().optional(),
});
export type VersionRecord = z.infer<typeof versionRecord>;

/** The record of a verified package. */
export function versionRecordFrom(a: {
  model: string;
  version: number;
  report: PackageReport;
  size: number;
  etag: string;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  notes?: string;
}): VersionRecord {
  const tensorOf = (t: { name: string; dataType: string; dims: number[] }) => ({ name: t.name, dataType: t.dataType, dims: t.dims });
  return {
    model: a.model,
    version: a.version,
    targetModel: targetModel(a.model, a.version),
    size: a.size,
    etag: a.etag,
    sha256: a.sha256,
    framework: a.report.framework,
    platform: a.report.platform ?? undefined,
    backend: a.report.backend ?? undefined,
    maxBatchSize: a.report.maxBatchSize ?? 0,
    inputs: a.report.inputs.map(tensorOf),
    outputs: a.report.outputs.map(tensorOf),
    tritonVersions: a.report.versions.map((v) => v.version),
    uploadedBy: a.uploadedBy,
    uploadedAt: a.uploadedAt,
    notes: a.notes,
  };
}
