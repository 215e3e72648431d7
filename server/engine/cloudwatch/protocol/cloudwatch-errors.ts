import { AwsError } from "../../aws-error";

/**
 * CloudWatch's errors, thrown with their query-protocol codes (the codes AWS documents and the
 * awsQuery `<Code>`); the awsJson wire layer renames them to the SDK's exception names.
 * Messages follow AWS's where known ("The parameter X is required.", "The collection X must not
 * have a size greater than N."); the others are ours, worded the same way.
 */
export const missingParameter = (name: string) => new AwsError("MissingParameter", `The parameter ${name} is required.`, 400);

export const invalidParameterValue = (message: string) => new AwsError("InvalidParameterValue", message, 400);

export const invalidValueFor = (value: unknown, name: string) => invalidParameterValue(`The value ${String(value)} for parameter ${name} is invalid.`);

export const invalidParameterCombination = (message: string) => new AwsError("InvalidParameterCombination", message, 400);

export const mutuallyExclusive = (a: string, b: string) =>
  invalidParameterCombination(`The parameters ${a} and ${b} are mutually exclusive and you have specified both.`);

/** Ours: AWS's wording for a token it did not issue could not be confirmed. */
export const invalidNextToken = () => new AwsError("InvalidNextToken", "The NextToken is invalid or does not belong to this request.", 400);

export const limitExceeded = (message: string) => new AwsError("LimitExceededException", message, 400);
