import { AwsError } from "../../aws-error";
import { jsonAuthError } from "../../http/sigv4-errors";
import type { SigV4Failure } from "../../http/sigv4-types";

/**
 * SigV4 failures as STS (an awsQuery service) reports them: the JSON services' wording
 * (http/sigv4-errors.ts) under STS's codes and statuses, as seen from AWS:
 * - `MissingAuthenticationToken` 403, "Request is missing Authentication Token";
 * - `InvalidClientTokenId` 403, "The security token included in the request is invalid.";
 * - `SignatureDoesNotMatch` 403 for every signature failure, the clock's ("Signature expired: ...
 *   (... - 15 min.)") and the scope's ("Credential should be scoped to a valid region, not 'x'. ") too;
 * - `IncompleteSignature` 400 for a malformed Authorization header or presigned query.
 */
export function stsAuthError(failure: SigV4Failure): AwsError {
  switch (failure.kind) {
    case "missing":
      return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    case "unknown-access-key":
      return new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    case "incomplete":
      return new AwsError("IncompleteSignature", failure.message, 400);
    default:
      return new AwsError("SignatureDoesNotMatch", jsonAuthError(failure, "sts").message, 403);
  }
}
