import { malformedXml } from "../s3-request-errors";
import { readSmallBody } from "../payload/read-payload";
import type { S3Operation } from "../s3-call";
import { childNamed, childrenNamed, childText } from "../xml/parse-xml";
import { el, xmlDocument } from "../xml/xml-writer";
import { parseXmlBody } from "./xml-body";

const MAX_OBJECTS = 1000;
/** 1000 keys of up to 1 KiB each, escaped, fit comfortably. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** DeleteObjects: up to 1000 keys in one `<Delete>` document; Quiet mode reports only failures. */
export const deleteObjects: S3Operation = async (call) => {
  call.backend.headBucket(call.bucket);
  const root = parseXmlBody(await readSmallBody(call.req, call.auth, MAX_BODY_BYTES), "Delete");
  const objects = childrenNamed(root, "Object");
  if (objects.length === 0 || objects.length > MAX_OBJECTS) throw malformedXml();
  // Keys are taken verbatim: leading and trailing spaces are part of a key.
  const keys = objects.map((o) => {
    const key = childNamed(o, "Key");
    if (!key) throw malformedXml();
    return key.text;
  });
  const quiet = childText(root, "Quiet") === "true";
  const results = call.backend.deleteObjects(call.bucket, keys);
  const body = xmlDocument(
    "DeleteResult",
    results.map((r) =>
      r.error
        ? el("Error", [el("Key", r.key), el("Code", r.error.code), el("Message", r.error.message)])
        : quiet
          ? undefined
          : el("Deleted", [el("Key", r.key)]),
    ),
  );
  return { status: 200, headers: { "content-type": "application/xml" }, body };
};
