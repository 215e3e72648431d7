import { AwsError } from "../../../aws-error";
import { corsConfigurationXml, parseCorsConfiguration } from "../cors-xml";
import { isoDate } from "../http-dates";
import { readSmallBody } from "../payload/read-payload";
import type { S3Call, S3Operation } from "../s3-call";
import { parseXmlBody } from "./xml-body";
import { childText } from "../xml/parse-xml";
import { el, xmlDocument } from "../xml/xml-writer";

const XML = { "content-type": "application/xml" };
const MAX_CONFIG_BYTES = 64 * 1024;

export const listBuckets: S3Operation = ({ backend, owner, query }) => {
  const prefix = query.prefix ?? "";
  const buckets = backend.listBuckets().filter((b) => b.name.startsWith(prefix));
  const body = xmlDocument("ListAllMyBucketsResult", [
    el("Owner", [el("ID", owner.id), el("DisplayName", owner.displayName)]),
    el(
      "Buckets",
      buckets.map((b) => el("Bucket", [el("Name", b.name), el("CreationDate", isoDate(b.creationTime)), el("BucketRegion", backend.region)])),
    ),
    prefix ? el("Prefix", prefix) : undefined,
  ]);
  return { status: 200, headers: XML, body };
};

/**
 * CreateBucket. The optional `CreateBucketConfiguration` must name the engine's region, except in
 * us-east-1, where S3 wants none. Creating a bucket you own again: see backend/buckets.ts.
 */
export const createBucket: S3Operation = async (call) => {
  const { backend, bucket } = call;
  const document = await readSmallBody(call.req, call.auth, MAX_CONFIG_BYTES);
  const constraint = document.length > 0 ? childText(parseXmlBody(document, "CreateBucketConfiguration"), "LocationConstraint") || undefined : undefined;
  checkLocationConstraint(backend.region, constraint);
  backend.createBucket(bucket);
  return { status: 200, headers: { location: `/${bucket}` } };
};

function checkLocationConstraint(region: string, constraint: string | undefined): void {
  const illegal = (what: string) =>
    new AwsError("IllegalLocationConstraintException", `The ${what} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
  if (region === "us-east-1") {
    if (constraint === "us-east-1") {
      throw new AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400, { details: { LocationConstraint: constraint } });
    }
    if (constraint !== undefined) throw illegal(constraint);
    return;
  }
  if (constraint === undefined) throw illegal("unspecified");
  if (constraint !== region) throw illegal(constraint);
}

export const headBucket: S3Operation = ({ backend, bucket }) => {
  backend.headBucket(bucket);
  return { status: 200, headers: { "x-amz-bucket-region": backend.region, "x-amz-access-point-alias": "false" } };
};

export const deleteBucket: S3Operation = async ({ backend, bucket }) => {
  await backend.deleteBucket(bucket);
  return { status: 204 };
};

/** us-east-1 is written as an empty LocationConstraint, as S3 does for its oldest region. */
export const getBucketLocation: S3Operation = ({ backend, bucket }) => {
  backend.headBucket(bucket);
  const region = backend.region === "us-east-1" ? "" : backend.region;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region}</LocationConstraint>`;
  return { status: 200, headers: XML, body };
};

export const putBucketCors: S3Operation = async (call: S3Call) => {
  call.backend.headBucket(call.bucket);
  const rules = parseCorsConfiguration(parseXmlBody(await readSmallBody(call.req, call.auth, MAX_CONFIG_BYTES), "CORSConfiguration"));
  call.backend.putBucketCors(call.bucket, rules);
  return { status: 200 };
};

export const getBucketCors: S3Operation = ({ backend, bucket }) => ({
  status: 200,
  headers: XML,
  body: corsConfigurationXml(backend.getBucketCors(bucket)),
});

export const deleteBucketCors: S3Operation = ({ backend, bucket }) => {
  backend.deleteBucketCors(bucket);
  return { status: 204 };
};
