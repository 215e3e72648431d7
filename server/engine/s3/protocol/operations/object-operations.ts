import { closeSync, createReadStream } from "node:fs";
import type { ObjectRecord, WriteConditions } from "../../backend/types";
import { parseByteRange } from "../byte-range";
import { evaluateReadConditions, type ReadConditionHeaders } from "../conditional-reads";
import { httpDate } from "../http-dates";
import { metadataFromHeaders, objectHeaders, quoted } from "../object-headers";
import { checksumHeader } from "../payload/checksums";
import { openPayload } from "../payload/read-payload";
import { notImplemented } from "../s3-request-errors";
import { uploadHeaders, type S3Call, type S3Operation } from "../s3-call";

/** S3's limit for a single PUT (and for one part). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;
const READ_CHUNK_BYTES = 256 * 1024;

/** `If-None-Match` on a write only takes `*`: "create, never overwrite". */
export function writeConditions(h: Record<string, string | undefined>): WriteConditions {
  const ifNoneMatch = h["if-none-match"];
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== "*") throw notImplemented("If-None-Match");
  return { ifNoneMatch, ifMatch: h["if-match"] };
}

/** The object's checksum as S3 echoes it after a write. */
export function checksumEcho(o: Pick<ObjectRecord, "checksum">): Record<string, string> {
  return o.checksum ? { [checksumHeader(o.checksum.algorithm)]: o.checksum.value, "x-amz-checksum-type": "FULL_OBJECT" } : {};
}

export const putObject: S3Operation = async (call) => {
  const { req, auth, backend, bucket, key } = call;
  const metadata = metadataFromHeaders(uploadHeaders(call));
  const conditions = writeConditions(req.headers);
  const data = openPayload(req, auth, { maxBytes: MAX_PUT_BYTES });
  const record = await backend.putObject({ bucket, key, metadata, conditions }, data);
  return { status: 200, headers: { etag: quoted(record.etag), "x-amz-server-side-encryption": "AES256", ...checksumEcho(record) } };
};

const readConditions = (h: Record<string, string | undefined>): ReadConditionHeaders => ({
  ifMatch: h["if-match"],
  ifNoneMatch: h["if-none-match"],
  ifModifiedSince: h["if-modified-since"],
  ifUnmodifiedSince: h["if-unmodified-since"],
});

/** `response-content-type` and friends: a presigned GET can choose how the download is labelled. */
const RESPONSE_OVERRIDES = ["content-type", "content-language", "expires", "cache-control", "content-disposition", "content-encoding"];

/**
 * GetObject and HeadObject: preconditions (304/412), an optional byte range (206/416), and the
 * bytes streamed from the file with backpressure. The descriptor is opened together with the
 * lookup, so an overwrite during the download does not cut it short.
 */
function readObject(call: S3Call, withBody: boolean) {
  const { req, backend, bucket, key, query } = call;
  const { record, fd } = backend.openObject(bucket, key);
  try {
    const notModified = evaluateReadConditions(record, readConditions(req.headers));
    if (notModified) {
      closeSync(fd);
      return { status: 304, headers: { etag: quoted(record.etag), "last-modified": httpDate(record.lastModified) } };
    }
    const range = parseByteRange(req.headers.range, record.size);
    const checksumMode = (req.headers["x-amz-checksum-mode"] ?? query["x-amz-checksum-mode"]) === "ENABLED";
    const headers = objectHeaders(record, { withChecksum: checksumMode && !range });
    for (const name of RESPONSE_OVERRIDES) {
      const value = query[`response-${name}`];
      if (value !== undefined) headers[name] = value;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? record.size - 1;
    const length = record.size === 0 ? 0 : end - start + 1;
    headers["content-length"] = String(length);
    if (range) headers["content-range"] = `bytes ${start}-${end}/${record.size}`;
    if (record.partsCount && query.partNumber) headers["x-amz-mp-parts-count"] = String(record.partsCount);
    const status = range ? 206 : 200;
    if (!withBody || length === 0) {
      closeSync(fd);
      return { status, headers, body: withBody ? Buffer.alloc(0) : undefined };
    }
    const body = createReadStream("", { fd, start, end, highWaterMark: READ_CHUNK_BYTES, autoClose: true });
    return { status, headers, body };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

export const getObject: S3Operation = (call) => readObject(call, true);
export const headObject: S3Operation = (call) => readObject(call, false);

export const deleteObject: S3Operation = ({ backend, bucket, key }) => {
  backend.deleteObject(bucket, key);
  return { status: 204 };
};
