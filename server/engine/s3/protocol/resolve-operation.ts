import { methodNotAllowed, notImplemented } from "./s3-request-errors";

export type S3OperationName =
  | "ListBuckets"
  | "CreateBucket"
  | "HeadBucket"
  | "DeleteBucket"
  | "GetBucketLocation"
  | "PutBucketCors"
  | "GetBucketCors"
  | "DeleteBucketCors"
  | "ListObjects"
  | "ListObjectsV2"
  | "DeleteObjects"
  | "PutObject"
  | "CopyObject"
  | "GetObject"
  | "HeadObject"
  | "DeleteObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "UploadPartCopy"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "ListParts"
  | "ListMultipartUploads";

/** Sub-resources of S3 the engine does not keep; asking for one is NotImplemented, not a GET. */
const UNSERVED_SUBRESOURCES = [
  "accelerate", "acl", "analytics", "attributes", "encryption", "intelligent-tiering", "inventory", "legal-hold",
  "lifecycle", "logging", "metrics", "notification", "object-lock", "ownershipControls", "policy", "policyStatus",
  "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "tagging", "torrent",
  "versioning", "versions", "website",
];

/** Which S3 operation a request is, from its method, whether it names a bucket and key, and its query. */
export function resolveOperation(method: string, bucket: string, key: string, query: Record<string, string>, copySource: boolean): S3OperationName {
  const has = (name: string) => name in query;
  const unserved = UNSERVED_SUBRESOURCES.find(has);
  if (unserved) throw notImplemented();
  if (bucket === "") {
    if (method === "GET") return "ListBuckets";
    throw methodNotAllowed(method, "SERVICE");
  }
  if (key === "") {
    if (has("cors")) return pick(method, { PUT: "PutBucketCors", GET: "GetBucketCors", DELETE: "DeleteBucketCors" }, "BUCKET");
    if (has("delete")) return pick(method, { POST: "DeleteObjects" }, "BUCKET");
    if (has("location")) return pick(method, { GET: "GetBucketLocation" }, "BUCKET");
    if (has("uploads")) return pick(method, { GET: "ListMultipartUploads" }, "BUCKET");
    if (method === "GET") return query["list-type"] === "2" ? "ListObjectsV2" : "ListObjects";
    return pick(method, { PUT: "CreateBucket", HEAD: "HeadBucket", DELETE: "DeleteBucket" }, "BUCKET");
  }
  if (has("uploads")) return pick(method, { POST: "CreateMultipartUpload" }, "OBJECT");
  if (has("uploadId")) {
    if (method === "PUT" && copySource) return "UploadPartCopy";
    return pick(method, { PUT: "UploadPart", POST: "CompleteMultipartUpload", DELETE: "AbortMultipartUpload", GET: "ListParts" }, "OBJECT");
  }
  if (method === "PUT" && copySource) return "CopyObject";
  return pick(method, { PUT: "PutObject", GET: "GetObject", HEAD: "HeadObject", DELETE: "DeleteObject" }, "OBJECT");
}

function pick(method: string, table: Partial<Record<string, S3OperationName>>, resourceType: "BUCKET" | "OBJECT"): S3OperationName {
  const op = table[method];
  if (!op) throw methodNotAllowed(method, resourceType);
  return op;
}
