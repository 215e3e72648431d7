import { AwsError } from "../../aws-error";

/**
 * S3's errors for the state it keeps, in its codes, statuses and wording, with the extra
 * elements S3 puts beside Code and Message (the SDKs expose them as exception fields).
 */
const s3Error = (code: string, status: number, message: string, details?: Record<string, string>) =>
  new AwsError(code, message, status, { details });

export const noSuchBucket = (bucket: string) => s3Error("NoSuchBucket", 404, "The specified bucket does not exist", { BucketName: bucket });

export const noSuchKey = (key: string) => s3Error("NoSuchKey", 404, "The specified key does not exist.", { Key: key });

export const bucketAlreadyOwnedByYou = (bucket: string) =>
  s3Error("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it.", { BucketName: bucket });

export const bucketNotEmpty = (bucket: string) => s3Error("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", { BucketName: bucket });

export const invalidBucketName = (bucket: string) => s3Error("InvalidBucketName", 400, "The specified bucket is not valid.", { BucketName: bucket });

/** `condition` names the header that did not hold, as S3's `<Condition>` does (`If-Match`). */
export const preconditionFailed = (condition: string) =>
  s3Error("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold", { Condition: condition });

export const noSuchUpload = (uploadId: string) =>
  s3Error("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", {
    UploadId: uploadId,
  });

export const invalidPart = (uploadId: string, partNumber: number, etag: string) =>
  s3Error(
    "InvalidPart",
    400,
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
  );

export const invalidPartOrder = (uploadId: string, partNumber: number) =>
  s3Error("InvalidPartOrder", 400, "The list of parts was not in ascending order. The parts list must be specified in order by part number.", {
    UploadId: uploadId,
    PartNumber: String(partNumber),
  });

export const entityTooSmall = (proposedSize: number, minSize: number, partNumber: number, etag: string) =>
  s3Error("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size", {
    ProposedSize: String(proposedSize),
    MinSizeAllowed: String(minSize),
    PartNumber: String(partNumber),
    ETag: etag,
  });

export const entityTooLarge = (proposedSize: number, maxSize: number) =>
  s3Error("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size", {
    ProposedSize: String(proposedSize),
    MaxSizeAllowed: String(maxSize),
  });

export const noSuchCorsConfiguration = (bucket: string) =>
  s3Error("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist", { BucketName: bucket });

export const invalidRequest = (message: string) => s3Error("InvalidRequest", 400, message);

export const invalidArgument = (message: string, name: string, value: string) =>
  s3Error("InvalidArgument", 400, message, { ArgumentName: name, ArgumentValue: value });

export const keyTooLong = (size: number) => s3Error("KeyTooLongError", 400, "Your key is too long", { Size: String(size), MaxSizeAllowed: "1024" });

export const copyToItself = () =>
  invalidRequest(
    "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
  );
