/**
 * The one error type the engine's backends throw. It carries AWS's error code, HTTP status and
 * message wording so the edge can render it in each protocol's shape (awsJson, awsQuery, S3 XML)
 * and SDKs raise the same exception class they raise against AWS. Anything else that reaches the
 * edge is a bug and becomes a 500 `InternalFailure` that leaks nothing.
 */
export class AwsError extends Error {
  /**
   * S3 errors carry extra elements beside Code and Message (`<BucketName>`, `<Key>`,
   * `<Condition>`...); SDKs expose them as fields of the exception. JSON protocols ignore them.
   */
  readonly details: Readonly<Record<string, string>>;
  /** Response headers the error must carry (S3's CORS headers, `Connection: close`). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * For JSON protocols: the members of the error body, replacing the default `{"message"}`.
   * SageMaker's runtime sends `Message` and, for ModelError, `OriginalStatusCode` (a number),
   * `OriginalMessage` and `LogStreamArn`, which the SDK exposes on the exception.
   */
  readonly body: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
    extra: { details?: Record<string, string>; headers?: Record<string, string>; body?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = code;
    this.details = extra.details ?? {};
    this.headers = extra.headers ?? {};
    this.body = extra.body;
  }

  /** A copy with more details or headers, for layers that know context the thrower did not. */
  with(extra: { details?: Record<string, string>; headers?: Record<string, string> }): AwsError {
    return new AwsError(this.code, this.message, this.httpStatus, {
      details: { ...this.details, ...extra.details },
      headers: { ...this.headers, ...extra.headers },
      body: this.body ? { ...this.body } : undefined,
    });
  }
}

export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError;
}
