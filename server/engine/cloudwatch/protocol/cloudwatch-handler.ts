import { gunzipSync } from "node:zlib";
import { AwsError } from "../../aws-error";
import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import { parseJsonBody, serializeJson } from "../../protocol/aws-json";
import { encodeCbor } from "../../protocol/cbor-encode";
import { validateInput } from "../../protocol/validate-shape";
import type { MetricStore } from "../backend/store/metric-store";
import { parseCborInput } from "./cbor-input";
import { OPERATIONS } from "./operations";
import { parseQueryInput } from "./query-input";
import { queryResponse } from "./query-xml";
import { INPUT_SHAPES } from "./shapes";
import { toCborError, toJsonError, toQueryError } from "./cloudwatch-json-errors";

/** PutMetricData requests are limited to 1 MB; the SDKs gzip larger bodies (over 10 KiB). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

type WireProtocol = "rpcv2Cbor" | "awsJson1_0" | "awsQuery";

/**
 * CloudWatch's wire layer, in the three protocols its clients speak: Smithy RPC v2 CBOR
 * (`POST /service/GraniteServiceVersion20100801/operation/<Op>` with `smithy-protocol:
 * rpc-v2-cbor`, first in the service model's protocols), awsJson1_0 (`X-Amz-Target:
 * GraniteServiceVersion20100801.<Op>`, today's JS SDK and botocore 1.43) and awsQuery (a form with
 * `Action=<Op>&Version=2010-08-01`, older CLIs and boto3). All build the same input, checked
 * against one shape, for one backend; errors leave here with the protocol's codes and the edge
 * writes them (CBOR or JSON with `x-amzn-query-error`, or the query `<ErrorResponse>`).
 */
export function createCloudWatchHandler(store: MetricStore): ServiceHandler {
  return {
    maxBodyBytes: MAX_BODY_BYTES,
    handle(req: EngineRequest): EngineResponse {
      // The router only sends a request with this header here when it is RPC v2 CBOR.
      const protocol: WireProtocol = req.headers["smithy-protocol"] !== undefined ? "rpcv2Cbor" : req.operation !== undefined ? "awsJson1_0" : "awsQuery";
      try {
        if (req.method !== "POST") throw new AwsError("UnknownOperationException", "CloudWatch requests must be sent with POST.", 400);
        const body = inflate(req);
        if (protocol === "rpcv2Cbor") return handleCbor(store, req, body);
        return protocol === "awsJson1_0" ? handleJson(store, req.operation!, body) : handleQuery(store, body, req.requestId);
      } catch (err) {
        throw protocol === "rpcv2Cbor" ? toCborError(err) : protocol === "awsJson1_0" ? toJsonError(err) : toQueryError(err);
      }
    },
  };
}

function handleJson(store: MetricStore, name: string, body: Buffer): EngineResponse {
  const { operation, shape } = served(name);
  const output = operation(store, validateInput(shape, parseJsonBody(body)));
  return { status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: serializeJson(output) };
}

/** Operations whose output is Smithy's Unit: their RPC v2 answers carry no body and no content type. */
const UNIT_OUTPUT = new Set(["PutMetricData"]);
const SMITHY_PROTOCOL = { "smithy-protocol": "rpc-v2-cbor" };

function handleCbor(store: MetricStore, req: EngineRequest, body: Buffer): EngineResponse {
  // The protocol requires servers to refuse these, so a request cannot name two operations.
  if (req.headers["x-amz-target"] !== undefined || req.headers["x-amzn-target"] !== undefined) {
    throw new AwsError("SerializationException", "An rpc-v2-cbor request must not carry X-Amz-Target or X-Amzn-Target.", 400);
  }
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (body.byteLength > 0 && mediaType !== "application/cbor") {
    throw new AwsError("UnsupportedMediaTypeException", `An rpc-v2-cbor request body must be application/cbor, not ${mediaType || "untyped"}.`, 415);
  }
  const name = req.operation!;
  const { operation, shape } = served(name);
  const output = operation(store, validateInput(shape, parseCborInput(shape, body)));
  if (UNIT_OUTPUT.has(name)) return { status: 200, headers: SMITHY_PROTOCOL, body: "" };
  return { status: 200, headers: { ...SMITHY_PROTOCOL, "content-type": "application/cbor" }, body: encodeCbor(output) };
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

/** The operation named by the awsJson target or the RPC v2 path, or the JSON protocols' UnknownOperationException. */
function served(name: string) {
  const { operation, shape } = lookup(name);
  if (!operation || !shape) throw new AwsError("UnknownOperationException", `The local engine does not serve the operation GraniteServiceVersion20100801.${name}.`, 400);
  return { operation, shape };
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
