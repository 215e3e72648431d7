import { AwsError } from "../../aws-error";

/**
 * SageMaker runtime's errors (restJson1). The body carries `Message` (and ModelError's members)
 * as the service sends them; the SDK picks the exception class from `x-amzn-ErrorType`.
 * Wording marked "confirmed" was seen in AWS's answers; the rest is ours (docs/architecture.md).
 */
const runtimeError = (code: string, status: number, message: string, extra: Record<string, unknown> = {}) =>
  new AwsError(code, message, status, { body: { ...extra, Message: message } });

const validation = (message: string, extra?: Record<string, unknown>) => runtimeError("ValidationError", 400, message, extra);

/** Confirmed wording. */
export const endpointNotFound = (name: string, account: string) => validation(`Endpoint ${name} of account ${account} not found.`);

export const endpointNotInService = (name: string, account: string, status: string) =>
  validation(`Endpoint ${name} of account ${account} is not in service (status ${status}). Invoke it once it is InService.`);

/** Confirmed wording (and ErrorCode). */
export const targetModelNotSupported = (name: string) =>
  validation(`Endpoint ${name} is not a multi-model endpoint and does not support target model header.`, { ErrorCode: "TARGET_MODEL_HEADER_NOT_SUPPORTED" });

/** The start is confirmed ("Request <id> is missing a target model hea..."), the end is ours. */
export const missingTargetModel = (requestId: string) => validation(`Request ${requestId} is missing a target model header.`);

export const targetModelNotFound = (bucket: string, key: string) =>
  validation(
    `Failed to download model data(bucket: ${bucket}, key: ${key}). Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the model.`,
  );

export const variantNotFound = (variant: string, endpoint: string) => validation(`Variant ${variant} not found for endpoint ${endpoint}.`);

/** Confirmed wording (from serverless endpoints; real-time ones are assumed to say the same). */
export const oversizeBody = (requestId: string) => validation(`Request ${requestId} has oversize body.`);

export const invalidHeader = (member: string, value: string, constraint: string) =>
  validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);

export const modelNotReady = (targetModel: string) =>
  runtimeError("ModelNotReadyException", 429, `Model ${targetModel} is not ready yet: it is still being downloaded or loaded. Retry the request.`);

export type ModelErrorContext = { region: string; account: string; endpointName: string; variantName: string; instanceId: string };

/**
 * The container answered `status`: SageMaker wraps its answer in a 424 ModelError that quotes
 * it (confirmed wording), with the status, the container's body and the instance's log stream.
 * Triton's error bodies are `{"error": "..."}`.
 */
export function modelError(ctx: ModelErrorContext, status: number, tritonMessage: string): AwsError {
  const original = JSON.stringify({ error: tritonMessage });
  const side = status >= 500 ? "server" : "client";
  const logs = `https://${ctx.region}.console.aws.amazon.com/cloudwatch/home?region=${ctx.region}#logEventViewer:group=/aws/sagemaker/Endpoints/${ctx.endpointName}`;
  return runtimeError("ModelError", 424, `Received ${side} error (${status}) from primary with message "${original}". See ${logs} in account ${ctx.account} for more information.`, {
    OriginalStatusCode: status,
    OriginalMessage: original,
    LogStreamArn: `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:/aws/sagemaker/Endpoints/${ctx.endpointName}:log-stream:${ctx.variantName}/${ctx.instanceId}`,
  });
}
