/** What the BFF returns to the browser for models and versions. */
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
};

export type ModelSummaryView = {
  name: string;
  latestVersion?: number;
  versionCount: number;
  aliases: Record<string, number>;
  framework?: string;
  size?: number;
  uploadedAt?: string;
};

export type AliasMoveView = { alias: string; from?: number; to?: number; by: string; at: string };

export type ModelDetailView = {
  name: string;
  endpoint: string;
  location: string;
  versions: VersionView[];
  aliases: Record<string, number>;
  aliasHistory: AliasMoveView[];
  /** The signature of the latest ready version (each version keeps its own in its record). */
  signature?: SignatureView & { version: number };
};

export type UploadSessionView = { key: string; uploadId: string; version: number; partSize: number; partCount: number };
