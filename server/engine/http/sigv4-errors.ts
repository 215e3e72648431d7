import { AwsError } from "../aws-error";
import type { SigV4Failure } from "./sigv4-types";

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/**
 * SigV4 failures as AWS's JSON services (SageMaker, CloudWatch on awsJson) report them: HTTP 400
 * for all of them (observed from SageMaker for InvalidSignatureException and
 * UnrecognizedClientException), with the codes and wording the SDKs know.
 */
export function jsonAuthError(failure: SigV4Failure, service: string): AwsError {
  const invalidSignature = (message: string) => new AwsError("InvalidSignatureException", message, 400);
  switch (failure.kind) {
    case "missing":
      return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
    case "incomplete":
      return new AwsError("IncompleteSignatureException", failure.message, 400);
    case "unknown-access-key":
      return new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
    case "expired":
      return invalidSignature(`Signature expired: ${failure.requestTime} is now earlier than ${failure.earliest} (${failure.now} - 15 min.)`);
    case "not-yet-current":
      return invalidSignature(`Signature not yet current: ${failure.requestTime} is still later than ${failure.latest} (${failure.now} + 15 min.)`);
    case "presign-expired":
      return invalidSignature("Signature expired");
    case "scope-date-mismatch":
      return invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
          `'${failure.scopeDate}' != '${failure.requestTime.slice(0, 8)}', from '${failure.requestTime}'.`,
      );
    case "wrong-region":
      return invalidSignature(`Credential should be scoped to a valid region, not '${failure.region}'. `);
    case "wrong-service":
      return invalidSignature(`Credential should be scoped to correct service: '${service}'. `);
    case "payload-hash-mismatch":
    case "missing-payload-hash":
    case "invalid-payload-hash":
      return invalidSignature(SIGNATURE_MISMATCH);
    case "signature-mismatch":
      // Like AWS, show what the server signed, so a hand-rolled client can be debugged.
      return invalidSignature(
        `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${failure.canonicalRequest}'\n\n` +
          `The String-to-Sign should have been\n'${failure.stringToSign}'\n`,
      );
  }
}
