/**
 * The one error type the engine's backends throw. It carries AWS's error code, HTTP status and
 * message wording so the edge can render it in each protocol's shape (awsJson, awsQuery, S3 XML)
 * and SDKs raise the same exception class they raise against AWS. Anything else that reaches the
 * edge is a bug and becomes a 500 `InternalFailure` that leaks nothing.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError;
}
