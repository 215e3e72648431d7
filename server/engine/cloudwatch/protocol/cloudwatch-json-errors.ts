import { AwsError, isAwsError } from "../../aws-error";

/**
 * CloudWatch's query error codes and the exception names of its JSON service model. Backends
 * throw query codes; over awsJson1_0 the `__type` is the exception name and, because the
 * service is awsQueryCompatible, `x-amzn-query-error: <code>;Sender` carries the query code,
 * which the SDKs map back to the same exception class (and botocore to the same `Code`).
 */
const JSON_TYPES: Readonly<Record<string, string>> = {
  InvalidParameterValue: "InvalidParameterValueException",
  MissingParameter: "MissingRequiredParameterException",
  InvalidParameterCombination: "InvalidParameterCombinationException",
  InvalidNextToken: "InvalidNextToken",
  LimitExceededException: "LimitExceededException",
  ValidationError: "ValidationException",
  InternalServiceError: "InternalServiceFault",
};

/** The shared shape validator speaks the JSON protocols; CloudWatch's query codes differ. */
function queryCode(err: AwsError): string {
  if (err.code === "ValidationException") return "ValidationError";
  // Guess: a form value of the wrong type (Period=abc) is refused as an invalid value.
  if (err.code === "SerializationException") return "InvalidParameterValue";
  return err.code;
}

export function toJsonError(err: unknown): unknown {
  if (!isAwsError(err)) return err;
  const code = queryCode(err);
  const type = JSON_TYPES[code];
  if (!type) return err;
  const fault = err.httpStatus >= 500 ? "Receiver" : "Sender";
  return new AwsError(type, err.message, err.httpStatus, { headers: { ...err.headers, "x-amzn-query-error": `${code};${fault}` } });
}

/** The namespace of CloudWatch's shapes: RPC v2 CBOR names an error by its absolute shape ID. */
const CBOR_NAMESPACE = "com.amazonaws.cloudwatch";

/** As over awsJson1_0 (the same exception names and `x-amzn-query-error`), with the shape's namespace in `__type`. */
export function toCborError(err: unknown): unknown {
  const error = toJsonError(err);
  if (!isAwsError(error) || !Object.values(JSON_TYPES).includes(error.code)) return error;
  return new AwsError(`${CBOR_NAMESPACE}#${error.code}`, error.message, error.httpStatus, { headers: { ...error.headers } });
}

export function toQueryError(err: unknown): unknown {
  if (!isAwsError(err)) return err;
  const code = queryCode(err);
  return code === err.code ? err : new AwsError(code, err.message, err.httpStatus, { headers: { ...err.headers } });
}
