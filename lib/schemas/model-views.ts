import type { Verification } from "@/lib/model-registry";
import type { CanaryView } from "@/lib/schemas/alias-release";

/** What the BFF returns to the browser for models and versions. */
export type VerificationView = Verification;

export type TensorSpecView = { name: string; dataType: string; dims: number[] };

export type SignatureView = { maxBatchSize: number; inputs: TensorSpecView[]; outputs: TensorSpecView[] };

export type VersionView = {
  version: number;
  state: "uploading" | "ready";
  /** The target model: the artifact's key relative to the endpoint's model data prefix. */
  targetModel: string;
  size?: number;
  sha256?: string;
  framework?: string;
  platform?: string;
  uploadedAt: string;
  uploadedBy: string;
  notes?: string;
  aliases: string[];
  /** From the version's record (ready versions only). */
  signature?: SignatureView;
  /** An earlier version with byte-identical contents (same sha256), from the version's record. */
  sameAs?: number;
  /** Whether it loaded and answered on the endpoint (ready versions only; absent: never checked). */
  verification?: VerificationView;
};

export type ModelSummaryView = {
  name: string;
  latestVersion?: number;
  versionCount: number;
  aliases: Record<string, number>;
  framework?: string;
  size?: number;
  uploadedAt?: string;
  /** The latest version's. */
  verification?: VerificationView;
  /** Canaries running, by alias. */
  canaries: Record<string, CanaryView>;
  /** Alias changes of the last 24 hours, newest first (the Models tab shows them). */
  recentAliasMoves: AliasMoveView[];
};

/**
 * One alias change. kind: move (absent in heads written before kinds), rollback, remove, or a
 * canary's start (or re-weight), promote, abort; `canary` the canary's version and weight for
 * those; `forcedReason` when an admin moved it to a version that had not verified.
 */
export type AliasMoveView = {
  alias: string;
  from?: number;
  to?: number;
  by: string;
  at: string;
  kind?: "move" | "rollback" | "remove" | "canary-start" | "canary-promote" | "canary-abort";
  canary?: { version: number; weight: number };
  forcedReason?: string;
};

export type ModelDetailView = {
  name: string;
  endpoint: string;
  location: string;
  versions: VersionView[];
  aliases: Record<string, number>;
  /** Canaries running, by alias: the alias sends `weight` % of its requests to `version`. */
  canaries: Record<string, CanaryView>;
  /** Newest first. */
  aliasHistory: AliasMoveView[];
  /** The signature of the latest ready version (each version keeps its own in its record). */
  signature?: SignatureView & { version: number };
};

export type UploadSessionView = { key: string; uploadId: string; version: number; partSize: number; partCount: number };
