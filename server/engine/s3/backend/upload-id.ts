import { randomBytes } from "node:crypto";

/**
 * A new multipart upload id: opaque like S3's, safe as a folder name (the engine made it), and
 * never starting with "-" or "_": command-line tools take an argument that starts with "-" for an
 * option (the AWS CLI's `--upload-id -abc` exits 2), and S3's ids start with a letter or digit.
 */
export function newUploadId(): string {
  const id = randomBytes(48).toString("base64url");
  return /^[A-Za-z0-9]/.test(id) ? id : `U${id.slice(1)}`;
}
