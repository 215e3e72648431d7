import { AwsError } from "../../aws-error";
import type { ObjectMetadata, ObjectRecord } from "../backend/types";
import { httpDate } from "./http-dates";
import { checksumHeader } from "./payload/checksums";

const MAX_USER_METADATA_BYTES = 2048;
/** What S3 answers for an object stored without a Content-Type. */
const DEFAULT_CONTENT_TYPE = "binary/octet-stream";

/**
 * The metadata an upload request sets: the stored representation headers and `x-amz-meta-*`
 * (S3 keeps at most 2 KB of user metadata). `aws-chunked` is a transfer detail, never stored.
 */
export function metadataFromHeaders(h: Record<string, string | undefined>): ObjectMetadata {
  const userMetadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(h)) {
    if (!name.startsWith("x-amz-meta-") || value === undefined) continue;
    const key = name.slice("x-amz-meta-".length);
    userMetadata[key] = value;
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > MAX_USER_METADATA_BYTES) {
    throw new AwsError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", 400, {
      details: { Size: String(size), MaxSizeAllowed: String(MAX_USER_METADATA_BYTES) },
    });
  }
  const encoding = (h["content-encoding"] ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "" && e.toLowerCase() !== "aws-chunked")
    .join(", ");
  return {
    contentType: h["content-type"],
    contentEncoding: encoding || undefined,
    contentDisposition: h["content-disposition"],
    contentLanguage: h["content-language"],
    cacheControl: h["cache-control"],
    expires: h["expires"],
    userMetadata,
  };
}

export const quoted = (etag: string) => `"${etag}"`;

/**
 * GET's and HEAD's headers for an object. The stored checksum goes out only when the client asked
 * for it (`x-amz-checksum-mode: ENABLED`) and gets the whole object: it describes all the bytes.
 */
export function objectHeaders(o: ObjectRecord, opts: { withChecksum: boolean }): Record<string, string> {
  const m = o.metadata;
  const out: Record<string, string> = {
    "accept-ranges": "bytes",
    "content-type": m.contentType ?? DEFAULT_CONTENT_TYPE,
    etag: quoted(o.etag),
    "last-modified": httpDate(o.lastModified),
    "x-amz-server-side-encryption": "AES256",
  };
  if (m.contentEncoding) out["content-encoding"] = m.contentEncoding;
  if (m.contentDisposition) out["content-disposition"] = m.contentDisposition;
  if (m.contentLanguage) out["content-language"] = m.contentLanguage;
  if (m.cacheControl) out["cache-control"] = m.cacheControl;
  if (m.expires) out.expires = m.expires;
  for (const [name, value] of Object.entries(m.userMetadata)) out[`x-amz-meta-${name}`] = value;
  if (opts.withChecksum && o.checksum) {
    out[checksumHeader(o.checksum.algorithm)] = o.checksum.value;
    out["x-amz-checksum-type"] = "FULL_OBJECT";
  }
  return out;
}
