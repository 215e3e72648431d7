import { invalidArgument } from "../s3-errors";
import { isoDate } from "../http-dates";
import { metadataFromHeaders, quoted } from "../object-headers";
import type { S3Operation } from "../s3-call";
import { el, opt, xmlDocument } from "../xml/xml-writer";
import { checkCopySourceConditions, parseCopySource } from "./copy-source";

/**
 * CopyObject within or across buckets. COPY keeps the source's metadata; REPLACE takes the
 * request's. The `x-amz-copy-source-if-*` preconditions refuse with 412 (never 304).
 */
export const copyObject: S3Operation = async ({ req, backend, bucket, key }) => {
  const h = req.headers;
  const source = parseCopySource(h["x-amz-copy-source"]!);
  const directive = (h["x-amz-metadata-directive"] ?? "COPY").toUpperCase();
  if (directive !== "COPY" && directive !== "REPLACE") throw invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
  const record = await backend.copyObject({
    sourceBucket: source.bucket,
    sourceKey: source.key,
    bucket,
    key,
    replaceMetadata: directive === "REPLACE" ? metadataFromHeaders(h) : undefined,
    checkSource: (found) => checkCopySourceConditions(h, found),
  });
  const checksum = record.checksum;
  const body = xmlDocument("CopyObjectResult", [
    el("LastModified", isoDate(record.lastModified)),
    el("ETag", quoted(record.etag)),
    checksum ? opt(`Checksum${checksum.algorithm}`, checksum.value) : undefined,
  ]);
  return { status: 200, headers: { "content-type": "application/xml", "x-amz-server-side-encryption": "AES256" }, body };
};
