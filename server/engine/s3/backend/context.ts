import type { BlobFiles } from "./store/blob-files";
import type { S3Store } from "./store/s3-store";

/** What every S3 backend operation needs: rows, files, the region's rules, the clock. */
export type S3Context = {
  store: S3Store;
  blobs: BlobFiles;
  region: string;
  /** Every part but the last must be at least this big (5 MiB on AWS; smaller in tests). */
  minPartSizeBytes: number;
  now(): number;
};
