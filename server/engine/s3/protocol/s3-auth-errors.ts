import { AwsError } from "../../aws-error";
import type { SigV4Failure } from "../../http/sigv4-types";

const MAX_SKEW_MS = 15 * 60 * 1000;

/** `20240101T000000Z` or a Date, as S3 writes times inside its error documents. */
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const fromAmzDate = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 11)}:${s.slice(11, 13)}:${s.slice(13)}`;

/**
 * SigV4 failures as S3 reports them: 403 with SignatureDoesNotMatch, InvalidAccessKeyId,
 * RequestTimeTooSkewed or AccessDenied, and 400 AuthorizationHeaderMalformed /
 * AuthorizationQueryParametersError for a credential that names the wrong scope, each with
 * the extra elements S3 adds (the canonical request, the server's time, the expected region).
 */
export function s3AuthError(failure: SigV4Failure, region: string): AwsError {
  const malformed = (presigned: boolean | undefined, why: string, details?: Record<string, string>) =>
    presigned
      ? new AwsError("AuthorizationQueryParametersError", `Error parsing the X-Amz-Credential parameter; ${why}`, 400, { details })
      : new AwsError("AuthorizationHeaderMalformed", `The authorization header is malformed; ${why}`, 400, { details });
  switch (failure.kind) {
    case "missing":
      // Unsigned requests are the anonymous principal, which no bucket of the engine admits.
      return new AwsError("AccessDenied", "Access Denied", 403);
    case "incomplete":
      if (failure.presigned) {
        const message = failure.message.startsWith("Query-string authentication requires")
          ? "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
          : failure.message;
        return new AwsError("AuthorizationQueryParametersError", message, 400);
      }
      return new AwsError(
        "AuthorizationHeaderMalformed",
        /requires '(Credential|Signature|SignedHeaders)' parameter/.test(failure.message)
          ? "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature."
          : `The authorization header is malformed; ${failure.message}`,
        400,
      );
    case "unknown-access-key":
      return new AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403, {
        details: { AWSAccessKeyId: failure.accessKeyId },
      });
    case "expired":
    case "not-yet-current":
      if (failure.kind === "not-yet-current" && failure.presigned) return new AwsError("AccessDenied", "Request is not valid yet", 403);
      return new AwsError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403, {
        details: {
          RequestTime: failure.requestTime,
          ServerTime: isoSeconds(new Date(fromAmzDate(failure.now))),
          MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
        },
      });
    case "presign-expired":
      return new AwsError("AccessDenied", "Request has expired", 403, {
        details: { "X-Amz-Expires": String(failure.expires), Expires: isoSeconds(failure.expiresAt), ServerTime: isoSeconds(failure.now) },
      });
    case "scope-date-mismatch":
      return malformed(failure.presigned, "Invalid credential date. Date is not the same as X-Amz-Date.");
    case "wrong-region":
      return malformed(failure.presigned, `the region '${failure.region}' is wrong; expecting '${region}'`, { Region: region });
    case "wrong-service":
      return malformed(failure.presigned, `incorrect service "${failure.service}". This endpoint belongs to "s3".`);
    case "missing-payload-hash":
      return new AwsError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400);
    case "invalid-payload-hash":
      return new AwsError("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.", 400, {
        details: { ArgumentName: "x-amz-content-sha256", ArgumentValue: failure.claimed },
      });
    case "payload-hash-mismatch":
      return new AwsError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
        details: { ClientComputedContentSHA256: failure.claimed, S3ComputedContentSHA256: failure.computed },
      });
    case "signature-mismatch":
      return signatureDoesNotMatch(failure.accessKeyId, failure.signatureProvided, failure.stringToSign, failure.canonicalRequest);
  }
}

const hexBytes = (s: string) => [...Buffer.from(s)].map((b) => b.toString(16).padStart(2, "0")).join(" ");

/** S3 shows what it signed, byte by byte too, so a hand-rolled client can be debugged. */
export function signatureDoesNotMatch(accessKeyId: string, provided: string, stringToSign: string, canonicalRequest?: string): AwsError {
  return new AwsError(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    403,
    {
      details: {
        AWSAccessKeyId: accessKeyId,
        StringToSign: stringToSign,
        SignatureProvided: provided,
        StringToSignBytes: hexBytes(stringToSign),
        ...(canonicalRequest !== undefined ? { CanonicalRequest: canonicalRequest, CanonicalRequestBytes: hexBytes(canonicalRequest) } : {}),
      },
    },
  );
}
