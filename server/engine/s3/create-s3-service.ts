import type { StreamingServiceHandler } from "../http/service-handler";
import type { EngineDatabase } from "../store/open-database";
import { S3Backend } from "./backend/s3-backend";
import { BlobFiles } from "./backend/store/blob-files";
import { S3Store } from "./backend/store/s3-store";
import { createS3Handler } from "./protocol/s3-handler";

export type S3ServiceOptions = {
  /** engine.db, already migrated (engine-db.ts): rows say what is visible. */
  db: EngineDatabase;
  /** Object bytes live in files under it (blob-files.ts). */
  dataDir: string;
  region: string;
  accountId: string;
  minPartSizeBytes: number;
};

export type S3Service = {
  /** SageMaker checks model data buckets in it; the runtime reads model packages from it in-process. */
  backend: S3Backend;
  handler: StreamingServiceHandler;
};

/** S3: its state in engine.db and blob files, its REST-XML wire layer (streaming). */
export function createS3Service(opts: S3ServiceOptions): S3Service {
  // Sweeps files an interrupted upload left behind before anything is served.
  const backend = new S3Backend({ store: new S3Store(opts.db), blobs: new BlobFiles(opts.dataDir), region: opts.region, minPartSizeBytes: opts.minPartSizeBytes });
  return { backend, handler: createS3Handler(backend, { accountId: opts.accountId }) };
}
