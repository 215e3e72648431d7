/**
 * The S3 backend's records and inputs. The backend never sees HTTP: headers are parsed into
 * these by the wire layer, and bodies arrive as `IncomingData`.
 */

export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";
export type ObjectChecksum = { algorithm: ChecksumAlgorithm; value: string };

export type CorsRule = {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
};

export type BucketRecord = { name: string; creationTime: number; cors: CorsRule[] | null };

/** What S3 stores beside the bytes and returns on GET and HEAD. */
export type ObjectMetadata = {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  /** `x-amz-meta-*` with the prefix removed, names lowercased as S3 returns them. */
  userMetadata: Record<string, string>;
};

export type ObjectRecord = {
  bucket: string;
  key: string;
  /** The generated name of the file holding the bytes; keys are never used as paths. */
  blobId: string;
  size: number;
  /** Unquoted: the MD5 hex, or `<md5 of part md5s>-<N>` for a multipart upload. */
  etag: string;
  /** MD5 hex of the whole content (a copy of a multipart object gets it as its ETag). */
  md5: string;
  lastModified: number;
  metadata: ObjectMetadata;
  checksum?: ObjectChecksum;
  partsCount?: number;
};

/** Write preconditions of PutObject and CompleteMultipartUpload. */
export type WriteConditions = { ifNoneMatch?: string; ifMatch?: string };

/**
 * An upload's decoded bytes. `finish()` runs after the last chunk: it checks what the client
 * declared about the bytes (length, SHA-256, Content-MD5, checksums) and throws the AwsError to
 * answer if they disagree; the backend then discards what it wrote.
 */
export type IncomingData = {
  chunks: AsyncIterable<Uint8Array>;
  finish(): { md5: string; size: number; checksum?: ObjectChecksum };
};

export type UploadRecord = {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  metadata: ObjectMetadata;
  checksumAlgorithm?: ChecksumAlgorithm;
};

export type PartRecord = {
  uploadId: string;
  partNumber: number;
  fileId: string;
  size: number;
  /** Unquoted MD5 hex of the part. */
  etag: string;
  lastModified: number;
  checksum?: ObjectChecksum;
};
