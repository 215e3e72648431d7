import { closeSync } from "node:fs";
import { invalidArgument } from "../s3-errors";
import type { ChecksumAlgorithm, ObjectChecksum } from "../../backend/types";
import type { CompletedPart } from "../../backend/multipart";
import { isoDate } from "../http-dates";
import { metadataFromHeaders, quoted } from "../object-headers";
import { CHECKSUM_ALGORITHMS } from "../payload/checksums";
import { filePayload } from "../payload/file-payload";
import { openPayload, readSmallBody } from "../payload/read-payload";
import { invalidRequest, malformedXml } from "../s3-request-errors";
import { uploadHeaders, type S3Call, type S3Operation } from "../s3-call";
import { childrenNamed, childText, type XmlElement } from "../xml/parse-xml";
import { el, opt, xmlDocument } from "../xml/xml-writer";
import { checkCopySourceConditions, parseCopySource, parseCopySourceRange } from "./copy-source";
import { encoder } from "./list-objects";
import { checksumEcho, MAX_PUT_BYTES, writeConditions } from "./object-operations";
import { parseXmlBody } from "./xml-body";

const XML = { "content-type": "application/xml" };
const MAX_PARTS = 10000;
const MAX_COMPLETE_BODY_BYTES = 4 * 1024 * 1024;

export const createMultipartUpload: S3Operation = async (call) => {
  const { req, backend, bucket, key } = call;
  const raw = req.headers["x-amz-checksum-algorithm"]?.toUpperCase();
  const checksumAlgorithm = CHECKSUM_ALGORITHMS.find((a) => a === raw);
  if (raw !== undefined && !checksumAlgorithm) throw invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
  const upload = await backend.createMultipartUpload({ bucket, key, metadata: metadataFromHeaders(uploadHeaders(call)), checksumAlgorithm });
  const body = xmlDocument("InitiateMultipartUploadResult", [el("Bucket", bucket), el("Key", key), el("UploadId", upload.uploadId)]);
  const headers: Record<string, string> = { ...XML, "x-amz-server-side-encryption": "AES256" };
  if (checksumAlgorithm) headers["x-amz-checksum-algorithm"] = checksumAlgorithm;
  return { status: 200, headers, body };
};

function partNumber(raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || n < 1 || n > MAX_PARTS) {
    throw invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", raw ?? "");
  }
  return n;
}

export const uploadPart: S3Operation = async ({ req, auth, backend, bucket, key, query }) => {
  const input = { bucket, key, uploadId: query.uploadId!, partNumber: partNumber(query.partNumber) };
  backend.requireUpload(bucket, key, input.uploadId);
  const part = await backend.uploadPart(input, openPayload(req, auth, { maxBytes: MAX_PUT_BYTES }));
  return { status: 200, headers: { etag: quoted(part.etag), "x-amz-server-side-encryption": "AES256", ...checksumEcho(part) } };
};

/**
 * UploadPartCopy: a part made of (a range of) an existing object, as the AWS CLI does for every
 * S3-to-S3 copy above its multipart threshold (8 MiB). The source's preconditions are checked
 * before its bytes are read; the part is stored and hashed like an uploaded one.
 */
export const uploadPartCopy: S3Operation = async ({ req, backend, bucket, key, query }) => {
  const h = req.headers;
  const input = { bucket, key, uploadId: query.uploadId!, partNumber: partNumber(query.partNumber) };
  const upload = backend.requireUpload(bucket, key, input.uploadId);
  const source = parseCopySource(h["x-amz-copy-source"]!);
  const { record, fd } = backend.openObject(source.bucket, source.key);
  let data: ReturnType<typeof filePayload>;
  try {
    checkCopySourceConditions(h, record);
    const { start, end } = parseCopySourceRange(h["x-amz-copy-source-range"], record.size);
    if (end - start + 1 > MAX_PUT_BYTES) throw invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_BYTES}`);
    data = filePayload(fd, start, end, upload.checksumAlgorithm);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  // An upload aborted meanwhile fails before the data is read: the source file is closed either way.
  const part = await backend.uploadPart(input, data).finally(() => data.close());
  const body = xmlDocument("CopyPartResult", [
    el("LastModified", isoDate(part.lastModified)),
    el("ETag", quoted(part.etag)),
    part.checksum ? el(`Checksum${part.checksum.algorithm}`, part.checksum.value) : undefined,
  ]);
  return { status: 200, headers: { ...XML, "x-amz-server-side-encryption": "AES256" }, body };
};

function completedPart(p: XmlElement): CompletedPart {
  const number = childText(p, "PartNumber");
  const etag = childText(p, "ETag");
  if (number === undefined || etag === undefined || !/^\d+$/.test(number)) throw malformedXml();
  const checksum = CHECKSUM_ALGORITHMS.map((algorithm): ObjectChecksum | undefined => {
    const value = childText(p, `Checksum${algorithm}`);
    return value === undefined ? undefined : { algorithm: algorithm as ChecksumAlgorithm, value };
  }).find((c) => c !== undefined);
  return { partNumber: Number(number), etag, checksum };
}

export const completeMultipartUpload: S3Operation = async (call: S3Call) => {
  const { req, backend, bucket, key, query } = call;
  const conditions = writeConditions(req.headers);
  backend.requireUpload(bucket, key, query.uploadId!);
  const root = parseXmlBody(await readSmallBody(req, call.auth, MAX_COMPLETE_BODY_BYTES), "CompleteMultipartUpload");
  const parts = childrenNamed(root, "Part").map(completedPart);
  const record = await backend.completeMultipartUpload({ bucket, key, uploadId: query.uploadId!, parts, conditions });
  const location = `http://${req.headers.host ?? "localhost"}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, "/")}`;
  const body = xmlDocument("CompleteMultipartUploadResult", [
    el("Location", location),
    el("Bucket", bucket),
    el("Key", key),
    el("ETag", quoted(record.etag)),
  ]);
  return { status: 200, headers: { ...XML, "x-amz-server-side-encryption": "AES256" }, body };
};

export const abortMultipartUpload: S3Operation = async ({ backend, bucket, key, query }) => {
  await backend.abortMultipartUpload(bucket, key, query.uploadId!);
  return { status: 204 };
};

export const listParts: S3Operation = ({ backend, bucket, key, query, owner }) => {
  const marker = query["part-number-marker"] === undefined ? 0 : Number(query["part-number-marker"]);
  const maxParts = query["max-parts"] === undefined ? 1000 : Number(query["max-parts"]);
  if (!Number.isInteger(marker) || marker < 0) throw invalidArgument("Provided part-number-marker not an integer or within integer range", "part-number-marker", query["part-number-marker"]!);
  if (!Number.isInteger(maxParts) || maxParts < 0) throw invalidArgument("Provided max-parts not an integer or within integer range", "max-parts", query["max-parts"]!);
  const { upload, parts, isTruncated } = backend.listParts({ bucket, key, uploadId: query.uploadId!, partNumberMarker: marker, maxParts: Math.min(maxParts, 1000) });
  const who = [el("ID", owner.id), el("DisplayName", owner.displayName)];
  const body = xmlDocument("ListPartsResult", [
    el("Bucket", bucket),
    el("Key", key),
    el("UploadId", upload.uploadId),
    el("Initiator", who),
    el("Owner", who),
    el("StorageClass", "STANDARD"),
    el("PartNumberMarker", marker),
    el("NextPartNumberMarker", parts.at(-1)?.partNumber ?? marker),
    el("MaxParts", Math.min(maxParts, 1000)),
    el("IsTruncated", isTruncated),
    opt("ChecksumAlgorithm", upload.checksumAlgorithm),
    ...parts.map((p) =>
      el("Part", [
        el("PartNumber", p.partNumber),
        el("LastModified", isoDate(p.lastModified)),
        el("ETag", quoted(p.etag)),
        el("Size", p.size),
        p.checksum ? el(`Checksum${p.checksum.algorithm}`, p.checksum.value) : undefined,
      ]),
    ),
  ]);
  return { status: 200, headers: XML, body };
};

function maxUploads(raw: string | undefined): number {
  if (raw === undefined) return 1000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 2147483647) throw invalidArgument("Argument max-uploads must be an integer between 0 and 2147483647", "max-uploads", raw);
  return Math.min(n, 1000);
}

/** ListMultipartUploads (GET /bucket?uploads): what `aws s3api list-multipart-uploads` and cleanup tools ask. */
export const listMultipartUploads: S3Operation = ({ backend, bucket, query, owner }) => {
  const encode = encoder(query);
  const prefix = query.prefix ?? "";
  const delimiter = query.delimiter || undefined;
  const limit = maxUploads(query["max-uploads"]);
  const keyMarker = query["key-marker"] ?? "";
  // S3 ignores an upload-id-marker without a key-marker.
  const uploadIdMarker = keyMarker ? (query["upload-id-marker"] ?? "") : "";
  const page = backend.listMultipartUploads({ bucket, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads: limit });
  const who = [el("ID", owner.id), el("DisplayName", owner.displayName)];
  const body = xmlDocument("ListMultipartUploadsResult", [
    el("Bucket", bucket),
    el("KeyMarker", encode(keyMarker)),
    el("UploadIdMarker", uploadIdMarker),
    el("NextKeyMarker", encode(page.isTruncated ? (page.nextKeyMarker ?? "") : "")),
    el("NextUploadIdMarker", page.isTruncated ? (page.nextUploadIdMarker ?? "") : ""),
    delimiter !== undefined ? el("Delimiter", encode(delimiter)) : undefined,
    el("Prefix", encode(prefix)),
    el("MaxUploads", limit),
    el("IsTruncated", page.isTruncated),
    opt("EncodingType", query["encoding-type"]),
    ...page.uploads.map((u) =>
      el("Upload", [
        el("Key", encode(u.key)),
        el("UploadId", u.uploadId),
        el("Initiator", who),
        el("Owner", who),
        el("StorageClass", "STANDARD"),
        el("Initiated", isoDate(u.initiated)),
        opt("ChecksumAlgorithm", u.checksumAlgorithm),
      ]),
    ),
    ...page.commonPrefixes.map((p) => el("CommonPrefixes", [el("Prefix", encode(p))])),
  ]);
  return { status: 200, headers: XML, body };
};
