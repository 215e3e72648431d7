import { AwsError } from "../../aws-error";

/**
 * S3's errors about the request itself (its XML, headers, ranges, body framing), raised by the
 * wire layer. Errors about state come from backend/errors.ts.
 */
export const malformedXml = () =>
  new AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);

export const invalidRange = (range: string, size: number) =>
  new AwsError("InvalidRange", "The requested range is not satisfiable", 416, { details: { RangeRequested: range, ActualObjectSize: String(size) } });

export const invalidDigest = (contentMd5: string) =>
  new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400, { details: { "Content-MD5": contentMd5 } });

export const contentMd5Mismatch = (expected: string, calculated: string) =>
  new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", 400, {
    details: { ExpectedDigest: expected, CalculatedDigest: calculated },
  });

export const checksumMismatch = (algorithm: string) =>
  new AwsError("BadDigest", `The ${algorithm} you specified did not match the calculated checksum.`, 400);

export const contentSha256Mismatch = (claimed: string, computed: string) =>
  new AwsError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
    details: { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: computed },
  });

export const incompleteBody = () =>
  new AwsError("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", 400);

export const missingContentLength = () => new AwsError("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);

export const invalidRequest = (message: string) => new AwsError("InvalidRequest", message, 400);

export const notImplemented = (header?: string) =>
  new AwsError("NotImplemented", "A header you provided implies functionality that is not implemented", 501, {
    details: header ? { Header: header } : {},
  });

export const methodNotAllowed = (method: string, resourceType: "OBJECT" | "BUCKET" | "SERVICE") =>
  new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, {
    details: { Method: method, ResourceType: resourceType },
  });

export const invalidUri = () => new AwsError("InvalidURI", "Couldn't parse the specified URI.", 400);

export const badRequest = (message: string) => new AwsError("BadRequest", message, 400);

/** S3 writes both preflight refusals with the `CORSResponse:` prefix and the resource's kind. */
export const corsForbidden = (message: string, method: string, resourceType: "OBJECT" | "BUCKET") =>
  new AwsError("AccessForbidden", `CORSResponse: ${message}`, 403, { details: { Method: method, ResourceType: resourceType } });

/** A bucket owner condition naming another account: S3 says no more than that (no owner, no bucket). */
export const bucketOwnerDenied = () => new AwsError("AccessDenied", "Access Denied", 403);

/** A bucket owner condition that is not an account id (LocalStack's snapshot of AWS's wording; `[value]` as sent). */
export const invalidBucketOwnerAccountId = (value: string) =>
  new AwsError("InvalidBucketOwnerAWSAccountID", `The value of the expected bucket owner parameter must be an AWS Account ID... [${value}]`, 400);
