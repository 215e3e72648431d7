import { AwsError } from "../../aws-error";

/**
 * SageMaker's errors for the hosting APIs. AWS answers missing and duplicate resources with a
 * plain ValidationException (HTTP 400), not ResourceNotFound, and names the resource by its ARN.
 */
export const validation = (message: string) => new AwsError("ValidationException", message, 400);

const noun = { model: "model", "endpoint-config": "endpoint configuration", endpoint: "endpoint" } as const;
type Kind = keyof typeof noun;

export const notFound = (kind: Kind, arn: string) => validation(`Could not find ${noun[kind]} "${arn}".`);

export const alreadyExists = (kind: Kind, arn: string) => validation(`Cannot create already existing ${noun[kind]} "${arn}".`);

/** AWS uses this wording for UpdateEndpoint and DeleteEndpoint alike while a change is under way. */
export const endpointInProgress = (arn: string) => validation(`Cannot update in-progress endpoint "${arn}".`);

export const endpointFailed = (arn: string) => validation(`Cannot update failed endpoint "${arn}".`);

export const invalidPaginationToken = () => validation("Invalid pagination token");
