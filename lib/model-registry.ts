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

const verifiedOutput = z.object({ name: z.string(), datatype: z.string(), shape: z.array(z.number()) });

/**
 * What the version's check on its endpoint found (InvokeEndpoint with the signature's example
 * input). Kept in the head, not in the immutable version record: it changes each time it re-runs.
 *   verified    loadMs: the first call's round trip (a cold load unless it was already resident:
 *               coldLoad says so where the backend tells, the local engine); latencyMs: a second call's
 *   failed      the model's error as a sentence
 *   unverified  not yet, or it could not run (why); `running` while a check is under way
 */
export const verification = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("verified"),
    at: z.string(),
    loadMs: z.number(),
    latencyMs: z.number(),
    coldLoad: z.boolean().optional(),
    outputs: z.array(verifiedOutput),
  }),
  z.object({ status: z.literal("failed"), at: z.string(), error: z.string() }),
  z.object({ status: z.literal("unverified"), at: z.string(), reason: z.string(), running: z.boolean().optional() }),
]);
export type Verification = z.infer<typeof verification>;

const versionEntry = z.object({
  state: z.enum(["uploading", "ready"]),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  size: z.number().optional(),
  framework: z.string().optional(),
  notes: z.string().optional(),
  /** The multipart upload of a version still uploading, so that discarding it can abort it. */
  uploadId: z.string().optional(),
  /** Absent for versions uploaded before verification existed: shown as unverified. */
  verification: verification.optional(),
});

/**
 * A canary of an alias: `weight` % of the alias's requests go to `version`, the rest to the alias's
 * own version. A client that does not know canaries sends everything to the alias's own version.
 */
const canaryEntry = z.object({ version: z.number().int(), weight: z.number().int().min(1).max(99), startedBy: z.string(), startedAt: z.string() });

/**
 * One alias change. `kind` is absent in heads written before kinds (a move, or a remove when `to`
 * is absent). A canary's start and abort leave the alias where it is (`from` = `to`), `canary` says
 * which version at what weight; `forcedReason` when an admin moved it to a version that had not verified.
 */
const aliasChange = z.object({
  alias: z.string(),
  from: z.number().optional(),
  to: z.number().optional(),
  by: z.string(),
  at: z.string(),
  kind: z.enum(["move", "rollback", "remove", "canary-start", "canary-promote", "canary-abort"]).optional(),
  canary: z.object({ version: z.number().int(), weight: z.number().int() }).optional(),
  forcedReason: z.string().optional(),
});

export const modelHead = z.object({
  model: z.string(),
  /** Never reused, even after a delete: a version number names one artifact forever. */
  nextVersion: z.number().int().min(1),
  versions: z.record(z.string(), versionEntry),
  aliases: z.record(z.string(), z.number().int()),
  /** By alias; absent in heads written before canaries. */
  canaries: z.record(z.string(), canaryEntry).default({}),
  aliasHistory: z.array(aliasChange),
});
export type ModelHead = z.infer<typeof modelHead>;

export function emptyHead(model: string): ModelHead {
  return { model, nextVersion: 1, versions: {}, aliases: {}, canaries: {}, aliasHistory: [] };
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
  /**
   * An earlier version whose artifact has the same sha256 (the newest such), found when the
   * upload completed: a warning shown as "same as vN", not a refusal (re-uploading can be deliberate).
   */
  sameAs: z.number().int().optional(),
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
  sameAs?: number;
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
    ...(a.sameAs !== undefined ? { sameAs: a.sameAs } : {}),
  };
}
