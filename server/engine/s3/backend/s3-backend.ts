import type { BlobFiles } from "./store/blob-files";
import type { S3Store } from "./store/s3-store";
import * as buckets from "./buckets";
import type { S3Context } from "./context";
import { listObjects, type ListObjectsInput } from "./list-objects";
import * as multipart from "./multipart";
import * as objects from "./objects";
import type { CorsRule, IncomingData } from "./types";

export type S3BackendOptions = {
  store: S3Store;
  blobs: BlobFiles;
  region: string;
  minPartSizeBytes: number;
  now?: () => number;
};

/**
 * S3's buckets, objects and multipart uploads, with no knowledge of HTTP. Rows live in SQLite
 * (S3Store), bytes in files named by generated ids (BlobFiles); an object is visible only once
 * its file is whole and in place and its row is committed. Construction sweeps away what a
 * crash left behind.
 */
export class S3Backend {
  private readonly ctx: S3Context;

  constructor(opts: S3BackendOptions) {
    this.ctx = { store: opts.store, blobs: opts.blobs, region: opts.region, minPartSizeBytes: opts.minPartSizeBytes, now: opts.now ?? Date.now };
    const removed = opts.blobs.sweep({ blobIds: opts.store.allBlobIds(), uploadIds: opts.store.allUploadIds(), partFiles: opts.store.allPartFiles() });
    if (removed > 0) process.stderr.write(`mme-engine: removed ${removed} S3 file(s) left by an interrupted write\n`);
  }

  get region(): string {
    return this.ctx.region;
  }

  bucketExists = (name: string) => this.ctx.store.getBucket(name) !== undefined;

  createBucket = (name: string) => buckets.createBucket(this.ctx, name);
  headBucket = (name: string) => buckets.requireBucket(this.ctx, name);
  listBuckets = () => buckets.listBuckets(this.ctx);
  deleteBucket = (name: string) => buckets.deleteBucket(this.ctx, name);
  putBucketCors = (name: string, rules: CorsRule[]) => buckets.putBucketCors(this.ctx, name, rules);
  getBucketCors = (name: string) => buckets.getBucketCors(this.ctx, name);
  deleteBucketCors = (name: string) => buckets.deleteBucketCors(this.ctx, name);
  /** The bucket's CORS rules, or undefined when the bucket does not exist. */
  corsRulesOf = (name: string) => this.ctx.store.getBucket(name)?.cors;

  putObject = (input: objects.PutObjectInput, data: IncomingData) => objects.putObject(this.ctx, input, data);
  headObject = (bucket: string, key: string) => objects.headObject(this.ctx, bucket, key);
  openObject = (bucket: string, key: string) => objects.openObject(this.ctx, bucket, key);
  deleteObject = (bucket: string, key: string) => objects.deleteObject(this.ctx, bucket, key);
  deleteObjects = (bucket: string, keys: readonly string[]) => objects.deleteObjects(this.ctx, bucket, keys);
  copyObject = (input: objects.CopyObjectInput) => objects.copyObject(this.ctx, input);
  listObjects = (input: ListObjectsInput) => listObjects(this.ctx, input);

  createMultipartUpload = (input: multipart.CreateUploadInput) => multipart.createMultipartUpload(this.ctx, input);
  uploadPart = (input: multipart.UploadPartInput, data: IncomingData) => multipart.uploadPart(this.ctx, input, data);
  completeMultipartUpload = (input: multipart.CompleteUploadInput) => multipart.completeMultipartUpload(this.ctx, input);
  abortMultipartUpload = (bucket: string, key: string, uploadId: string) => multipart.abortMultipartUpload(this.ctx, bucket, key, uploadId);
  listParts = (input: multipart.ListPartsInput) => multipart.listParts(this.ctx, input);
  listMultipartUploads = (input: multipart.ListUploadsInput) => multipart.listMultipartUploads(this.ctx, input);
  requireUpload = (bucket: string, key: string, uploadId: string) => multipart.requireUpload(this.ctx, bucket, key, uploadId);
}
