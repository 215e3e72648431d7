import { invalidArgument } from "../s3-errors";
import type { ListPosition } from "../../backend/list-objects";
import type { ObjectRecord } from "../../backend/types";
import { isoDate } from "../http-dates";
import { quoted } from "../object-headers";
import type { S3Call, S3Operation } from "../s3-call";
import { el, opt, xmlDocument, type Xml } from "../xml/xml-writer";

const MAX_KEYS = 1000;

function maxKeys(query: Record<string, string>): number {
  const raw = query["max-keys"];
  if (raw === undefined) return MAX_KEYS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", raw);
  return Math.min(n, MAX_KEYS);
}

/** With `encoding-type=url` (the CLI asks for it) keys are percent-encoded, so any byte survives XML. */
export function encoder(query: Record<string, string>): (s: string) => string {
  if (query["encoding-type"] === undefined) return (s) => s;
  if (query["encoding-type"] !== "url") throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", query["encoding-type"]);
  return (s) => encodeURIComponent(s).replace(/%2F/g, "/");
}

/** Opaque to clients, as S3's are: where the next page starts. */
const encodeToken = (p: ListPosition) => Buffer.from(JSON.stringify([p.after, p.prefix])).toString("base64url");

function decodeToken(token: string): ListPosition {
  try {
    const [after, prefix] = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof after === "string" && typeof prefix === "boolean") return { after, prefix };
  } catch {
    // fall through
  }
  throw invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
}

function contents(o: ObjectRecord, encode: (s: string) => string, owner?: S3Call["owner"]): Xml {
  return el("Contents", [
    el("Key", encode(o.key)),
    el("LastModified", isoDate(o.lastModified)),
    el("ETag", quoted(o.etag)),
    o.checksum ? el("ChecksumAlgorithm", o.checksum.algorithm) : undefined,
    o.checksum ? el("ChecksumType", "FULL_OBJECT") : undefined,
    el("Size", o.size),
    owner ? el("Owner", [el("ID", owner.id), el("DisplayName", owner.displayName)]) : undefined,
    el("StorageClass", "STANDARD"),
  ]);
}

export const listObjectsV2: S3Operation = ({ backend, bucket, query, owner }) => {
  const encode = encoder(query);
  const prefix = query.prefix ?? "";
  const delimiter = query.delimiter || undefined;
  const limit = maxKeys(query);
  const token = query["continuation-token"];
  const startAfter = query["start-after"];
  const start = token !== undefined ? decodeToken(token) : startAfter ? { after: startAfter, prefix: false } : undefined;
  const page = backend.listObjects({ bucket, prefix, delimiter, start, maxKeys: limit });
  const body = xmlDocument("ListBucketResult", [
    el("Name", bucket),
    el("Prefix", encode(prefix)),
    delimiter !== undefined ? el("Delimiter", encode(delimiter)) : undefined,
    el("MaxKeys", limit),
    opt("EncodingType", query["encoding-type"]),
    el("KeyCount", page.contents.length + page.commonPrefixes.length),
    el("IsTruncated", page.isTruncated),
    opt("ContinuationToken", token),
    page.isTruncated && page.last ? el("NextContinuationToken", encodeToken(page.last)) : undefined,
    startAfter !== undefined ? el("StartAfter", encode(startAfter)) : undefined,
    ...page.contents.map((o) => contents(o, encode, query["fetch-owner"] === "true" ? owner : undefined)),
    ...page.commonPrefixes.map((p) => el("CommonPrefixes", [el("Prefix", encode(p))])),
  ]);
  return { status: 200, headers: { "content-type": "application/xml" }, body };
};

/** The original ListObjects: a marker instead of a token, NextMarker only with a delimiter. */
export const listObjects: S3Operation = ({ backend, bucket, query, owner }) => {
  const encode = encoder(query);
  const prefix = query.prefix ?? "";
  const delimiter = query.delimiter || undefined;
  const limit = maxKeys(query);
  const marker = query.marker ?? "";
  const start = marker ? { after: marker, prefix: delimiter !== undefined && marker.endsWith(delimiter) } : undefined;
  const page = backend.listObjects({ bucket, prefix, delimiter, start, maxKeys: limit });
  const body = xmlDocument("ListBucketResult", [
    el("Name", bucket),
    el("Prefix", encode(prefix)),
    el("Marker", encode(marker)),
    page.isTruncated && delimiter !== undefined && page.last ? el("NextMarker", encode(page.last.after)) : undefined,
    el("MaxKeys", limit),
    delimiter !== undefined ? el("Delimiter", encode(delimiter)) : undefined,
    opt("EncodingType", query["encoding-type"]),
    el("IsTruncated", page.isTruncated),
    ...page.contents.map((o) => contents(o, encode, owner)),
    ...page.commonPrefixes.map((p) => el("CommonPrefixes", [el("Prefix", encode(p))])),
  ]);
  return { status: 200, headers: { "content-type": "application/xml" }, body };
};
