import { gunzipSync } from "node:zlib";
import { AwsError } from "../../aws-error";
import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import { parseJsonBody, serializeJson } from "../../protocol/aws-json";
import { validateInput } from "../../protocol/validate-shape";
import type { MetricStore } from "../backend/metric-store";
import { OPERATIONS } from "./operations";
import { parseQueryInput } from "./query-input";
import { queryResponse } from "./query-xml";
import { INPUT_SHAPES } from "./shapes";
import { toJsonError, toQueryError } from "./wire-errors";

/** PutMetricData requests are limited to 1 MB; the SDKs gzip larger bodies (over 10 KiB). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

/**
 * CloudWatch's wire layer, in both protocols its clients speak: awsJson1_0
 * (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`, today's SDKs) and awsQuery (a form with
 * `Action=<Op>&Version=2010-08-01`, older CLIs and boto3). Both build the same input, checked
 * against one shape, for one backend; errors leave here with the protocol's codes and the edge
 * writes them (JSON with `x-amzn-query-error`, or the query `<ErrorResponse>`).
 */
export function createCloudWatchHandler(store: MetricStore): ServiceHandler {
  return {
    maxBodyBytes: MAX_BODY_BYTES,
    handle(req: EngineRequest): EngineResponse {
      const isJson = req.operation !== undefined;
      try {
        if (req.method !== "POST") throw new AwsError("UnknownOperationException", "CloudWatch requests must be sent with POST.", 400);
        const body = inflate(req);
        return isJson ? handleJson(store, req.operation!, body) : handleQuery(store, body, req.requestId);
      } catch (err) {
        throw isJson ? toJsonError(err) : toQueryError(err);
      }
    },
  };
}

function handleJson(store: MetricStore, name: string, body: Buffer): EngineResponse {
  const { operation, shape } = lookup(name);
  if (!operation || !shape) throw new AwsError("UnknownOperationException", `The local engine does not serve the operation GraniteServiceVersion20100801.${name}.`, 400);
  const output = operation(store, validateInput(shape, parseJsonBody(body)));
  return { status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: serializeJson(output) };
}

function handleQuery(store: MetricStore, body: Buffer, requestId: string): EngineResponse {
  const params = new URLSearchParams(body.toString("utf8"));
  const action = params.get("Action");
  if (!action) throw new AwsError("MissingAction", "The request must contain the parameter Action.", 400);
  const { operation, shape } = lookup(action);
  // AWS's query wording for an action a service does not have.
  if (!operation || !shape) throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
  const version = params.get("Version");
  if (version !== null && version !== "2010-08-01") throw new AwsError("InvalidParameterValue", `The value ${version} for parameter Version is invalid.`, 400);
  const output = operation(store, validateInput(shape, parseQueryInput(shape, params)));
  return { status: 200, headers: { "content-type": "text/xml" }, body: queryResponse(action, output, requestId) };
}

function lookup(name: string) {
  return { operation: Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined, shape: Object.hasOwn(INPUT_SHAPES, name) ? INPUT_SHAPES[name] : undefined };
}

/** The signature covers the compressed bytes (already checked); the operation reads them inflated. */
function inflate(req: EngineRequest): Buffer {
  const encoding = (req.headers["content-encoding"] ?? "").toLowerCase();
  if (!encoding.includes("gzip")) return req.body;
  try {
    return gunzipSync(req.body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    // Guess at the code: AWS's answer to a corrupt or oversized gzip body is not documented.
    throw new AwsError("InvalidParameterValue", "The request body is not valid gzip or inflates beyond the size CloudWatch accepts.", 400);
  }
}
