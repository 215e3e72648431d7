import { invalidArgument, preconditionFailed } from "../backend/errors";
import { evaluateReadConditions } from "../conditional-reads";
import { isoDate } from "../http-dates";
import { metadataFromHeaders, quoted } from "../object-headers";
import type { S3Operation } from "../s3-call";
import { el, opt, xmlDocument } from "../xml/xml-writer";

/** `x-amz-copy-source: [/]<bucket>/<url-encoded key>[?versionId=...]`. */
function parseCopySource(header: string): { bucket: string; key: string } {
  const invalid = () => invalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
  const withoutVersion = header.split("?")[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion.startsWith("/") ? withoutVersion.slice(1) : withoutVersion);
  } catch {
    throw invalid();
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/**
 * CopyObject within or across buckets. COPY keeps the source's metadata; REPLACE takes the
 * request's. The `x-amz-copy-source-if-*` preconditions refuse with 412 (never 304).
 */
export const copyObject: S3Operation = async ({ req, backend, bucket, key }) => {
  const h = req.headers;
  const source = parseCopySource(h["x-amz-copy-source"]!);
  const directive = (h["x-amz-metadata-directive"] ?? "COPY").toUpperCase();
  if (directive !== "COPY" && directive !== "REPLACE") throw invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
  const prefix = "x-amz-copy-source-";
  const record = await backend.copyObject({
    sourceBucket: source.bucket,
    sourceKey: source.key,
    bucket,
    key,
    replaceMetadata: directive === "REPLACE" ? metadataFromHeaders(h) : undefined,
    checkSource(found) {
      const notModified = evaluateReadConditions(
        found,
        {
          ifMatch: h[`${prefix}if-match`],
          ifNoneMatch: h[`${prefix}if-none-match`],
          ifModifiedSince: h[`${prefix}if-modified-since`],
          ifUnmodifiedSince: h[`${prefix}if-unmodified-since`],
        },
        prefix,
      );
      if (notModified) throw preconditionFailed(`${prefix}${notModified}`);
    },
  });
  const checksum = record.checksum;
  const body = xmlDocument("CopyObjectResult", [
    el("LastModified", isoDate(record.lastModified)),
    el("ETag", quoted(record.etag)),
    checksum ? opt(`Checksum${checksum.algorithm}`, checksum.value) : undefined,
  ]);
  return { status: 200, headers: { "content-type": "application/xml", "x-amz-server-side-encryption": "AES256" }, body };
};
