import { AwsError } from "../../aws-error";
import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import { parseJsonBody, serializeJson } from "../../protocol/aws-json";
import { validateInput } from "../../protocol/validate-shape";
import type { AutoScalingBackend } from "../backend/autoscaling-backend";
import { OPERATIONS } from "./operations";
import { INPUT_SHAPES } from "./shapes";

/** Application Auto Scaling's requests are small JSON documents; AWS's exact cap is not documented. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Application Auto Scaling's wire layer (awsJson1_1: `POST /`, `X-Amz-Target:
 * AnyScaleFrontendService.<Op>`): parses the JSON input, checks it against the operation's shape,
 * calls the backend and serializes its result. Errors propagate to the edge, which writes them.
 */
export function createAutoScalingHandler(backend: AutoScalingBackend): ServiceHandler {
  return {
    maxBodyBytes: MAX_BODY_BYTES,
    async handle(req: EngineRequest): Promise<EngineResponse> {
      const name = req.operation ?? "";
      const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
      const shape = Object.hasOwn(INPUT_SHAPES, name) ? INPUT_SHAPES[name] : undefined;
      if (!operation || !shape) {
        throw new AwsError("UnknownOperationException", `The local engine does not serve the operation AnyScaleFrontendService.${name}.`, 400);
      }
      if (req.method !== "POST") throw new AwsError("UnknownOperationException", `AnyScaleFrontendService.${name} must be sent with POST.`, 400);
      const input = validateInput(shape, parseJsonBody(req.body));
      const output = await operation(backend, input);
      return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: serializeJson(output) };
    },
  };
}
