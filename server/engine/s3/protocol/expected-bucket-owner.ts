import type { S3OperationName } from "./resolve-operation";
import type { S3Call } from "./s3-call";
import { parseCopySource } from "./operations/copy-source";
import { bucketOwnerDenied, invalidBucketOwnerAccountId } from "./s3-request-errors";

const EXPECTED_OWNER = "x-amz-expected-bucket-owner";
const EXPECTED_SOURCE_OWNER = "x-amz-source-expected-bucket-owner";
const ACCOUNT_ID = /^\d{12}$/;

/**
 * S3's bucket owner condition (`ExpectedBucketOwner`, `ExpectedSourceBucketOwner` of copies): an
 * account id the request asserts owns the bucket. Every bucket here is the engine's account's, so
 * any other account is refused with a bare 403 AccessDenied ("Access Denied"; a HEAD answers it
 * without a body, which botocore reads as "403"/"Forbidden", what the SageMaker SDK checks for).
 * S3's order: a value that is not an account id first (400), then the bucket's existence (a
 * missing bucket stays the operation's own 404, so `default_bucket()` still sees "Not Found" and
 * creates it), then the owner. CreateBucket and ListBuckets take no bucket owner condition.
 */
export function checkExpectedBucketOwner(call: S3Call, operation: S3OperationName, accountId: string): void {
  if (operation === "CreateBucket" || call.bucket === "") return;
  checkOwner(call, valueOf(call, EXPECTED_OWNER), call.bucket, accountId);
  if (operation === "CopyObject" || operation === "UploadPartCopy") {
    const expected = valueOf(call, EXPECTED_SOURCE_OWNER);
    if (expected === undefined) return;
    let sourceBucket: string;
    try {
      sourceBucket = parseCopySource(call.req.headers["x-amz-copy-source"] ?? "").bucket;
    } catch {
      // A malformed copy source is the operation's to refuse, in its own words.
      return;
    }
    checkOwner(call, expected, sourceBucket, accountId);
  }
}

function checkOwner(call: S3Call, expected: string | undefined, bucket: string, accountId: string): void {
  if (expected === undefined) return;
  if (!ACCOUNT_ID.test(expected)) throw invalidBucketOwnerAccountId(expected);
  if (expected !== accountId && call.backend.bucketExists(bucket)) throw bucketOwnerDenied();
}

/** The header, or in a presigned URL the query parameter the signer hoisted it into. */
function valueOf(call: S3Call, name: string): string | undefined {
  const header = call.req.headers[name];
  if (header !== undefined || !call.auth.presigned) return header;
  const param = Object.keys(call.query).find((k) => k.toLowerCase() === name);
  return param === undefined ? undefined : call.query[param];
}
