import { createHash } from "node:crypto";
import { isAwsError } from "../../aws-error";
import type { StreamingEngineRequest, StreamingEngineResponse, StreamingServiceHandler } from "../../http/service-handler";
import type { S3Backend } from "../backend/s3-backend";
import { corsHeaders, matchCorsRule } from "./cors";
import { checkExpectedBucketOwner } from "./expected-bucket-owner";
import { answerPreflight } from "./preflight";
import { s3AuthError } from "./s3-auth-errors";
import * as buckets from "./operations/bucket-operations";
import { copyObject } from "./operations/copy-object";
import { deleteObjects } from "./operations/delete-objects";
import { listObjects, listObjectsV2 } from "./operations/list-objects";
import * as multipart from "./operations/multipart-operations";
import * as objects from "./operations/object-operations";
import { resolveOperation, type S3OperationName } from "./resolve-operation";
import { decodeQuery, parseS3Path, type S3Call, type S3Operation } from "./s3-call";

const OPERATIONS: Record<S3OperationName, S3Operation> = {
  ListBuckets: buckets.listBuckets,
  CreateBucket: buckets.createBucket,
  HeadBucket: buckets.headBucket,
  DeleteBucket: buckets.deleteBucket,
  GetBucketLocation: buckets.getBucketLocation,
  PutBucketCors: buckets.putBucketCors,
  GetBucketCors: buckets.getBucketCors,
  DeleteBucketCors: buckets.deleteBucketCors,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  DeleteObjects: deleteObjects,
  PutObject: objects.putObject,
  CopyObject: copyObject,
  GetObject: objects.getObject,
  HeadObject: objects.headObject,
  DeleteObject: objects.deleteObject,
  CreateMultipartUpload: multipart.createMultipartUpload,
  UploadPart: multipart.uploadPart,
  UploadPartCopy: multipart.uploadPartCopy,
  ListMultipartUploads: multipart.listMultipartUploads,
  CompleteMultipartUpload: multipart.completeMultipartUpload,
  AbortMultipartUpload: multipart.abortMultipartUpload,
  ListParts: multipart.listParts,
};

/**
 * S3's wire layer (REST-XML, path-style): CORS preflights answered unsigned from the bucket's
 * rules; everything else authenticated from its headers (the body is streamed later), resolved
 * to an operation and handed to its handler, which calls the backend. CORS headers of a matching
 * rule go on every answer to a browser, errors included, so scripts can read S3's error codes.
 */
export function createS3Handler(backend: S3Backend, opts: { accountId: string }): StreamingServiceHandler {
  // S3 names owners by a 64-hex canonical id; derive a stable one from the account.
  const owner = { id: createHash("sha256").update(opts.accountId).digest("hex"), displayName: "mme-local" };
  return {
    streaming: true,
    authError: s3AuthError,
    async handle(req: StreamingEngineRequest): Promise<StreamingEngineResponse> {
      const { bucket, key } = parseS3Path(req.path);
      if (req.method === "OPTIONS") return answerPreflight(backend, req.headers, bucket, key);
      const cors = actualRequestCors(backend, req, bucket);
      try {
        const query = decodeQuery(req.rawQuery);
        const auth = await req.authenticate();
        const operation = resolveOperation(req.method, bucket, key, query, req.headers["x-amz-copy-source"] !== undefined);
        const call: S3Call = { req, auth, backend, owner, bucket, key, query };
        checkExpectedBucketOwner(call, operation, opts.accountId);
        const out = await OPERATIONS[operation](call);
        return { ...out, headers: { ...out.headers, ...cors } };
      } catch (err) {
        if (!isAwsError(err)) throw err;
        const resource = key ? `/${bucket}/${key}` : `/${bucket}`;
        throw err.with({ headers: cors, details: { Resource: resource } });
      }
    },
  };
}

/** CORS on actual requests: the first rule for this Origin and method; headers are not checked. */
function actualRequestCors(backend: S3Backend, req: StreamingEngineRequest, bucket: string): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !bucket) return {};
  const rules = backend.corsRulesOf(bucket);
  const rule = rules ? matchCorsRule(rules, origin, req.method) : undefined;
  return rule ? corsHeaders(rule, origin) : {};
}
