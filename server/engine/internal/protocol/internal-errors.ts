import { AwsError } from "../../aws-error";

/** The developer namespace's refusals, worded like the AWS services beside it (JSON, `__type`). */
export const unknownRoute = (method: string, path: string) => new AwsError("UnknownOperationException", `The local engine serves nothing at ${method} ${path}.`, 404);

export const methodNotAllowed = (method: string, path: string, allowed = "GET") =>
  new AwsError("MethodNotAllowedException", `${method} is not allowed on ${path}; use ${allowed}.`, 405);

export const endpointNotFound = (name: string) => new AwsError("ResourceNotFound", `Could not find endpoint "${name}".`, 404);
