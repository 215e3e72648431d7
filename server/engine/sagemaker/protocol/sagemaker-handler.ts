import { AwsError } from "../../aws-error";
import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import { parseJsonBody, serializeJson } from "../../protocol/aws-json";
import { validateInput } from "../../protocol/validate-shape";
import type { SageMakerBackend } from "../backend/sagemaker-backend";
import { OPERATIONS } from "./operations";
import { INPUT_SHAPES } from "./shapes";

/** SageMaker's control plane accepts request bodies up to this size. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * SageMaker's wire layer (awsJson1_1: `POST /`, `X-Amz-Target: SageMaker.<Op>`): parses the
 * JSON input, checks it against the operation's shape, calls the backend and serializes its
 * result. Errors propagate to the edge, which writes them in the awsJson shape.
 */
export function createSageMakerHandler(backend: SageMakerBackend): ServiceHandler {
  return {
    maxBodyBytes: MAX_BODY_BYTES,
    async handle(req: EngineRequest): Promise<EngineResponse> {
      const name = req.operation ?? "";
      const operation = OPERATIONS[name];
      const shape = INPUT_SHAPES[name];
      if (!operation || !shape) {
        throw new AwsError("UnknownOperationException", `The local engine does not serve the operation SageMaker.${name}.`, 400);
      }
      if (req.method !== "POST") throw new AwsError("UnknownOperationException", `SageMaker.${name} must be sent with POST.`, 400);
      const input = validateInput(shape, parseJsonBody(req.body));
      const output = await operation(backend, input);
      return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: serializeJson(output) };
    },
  };
}
