import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { AwsError } from "../aws-error";
import { writeAwsJsonError } from "./aws-json-error";
import { classifyRequest, SIGNING_NAMES, type Protocol, type Route, type ServiceId } from "./classify-request";
import { readBody } from "./read-body";
import type { EngineRequest, ServiceHandler } from "./service-handler";
import { jsonAuthError } from "./sigv4-errors";
import { verifySigV4 } from "./verify-sigv4";
import { writeXmlError } from "./xml-error";

export type RouterOptions = {
  services: Partial<Record<ServiceId, ServiceHandler>>;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

/**
 * The engine's single edge: every request is classified (service and protocol), read with the
 * service's size cap, authenticated with SigV4 against the configured keys, and handed to the
 * service. Errors from anywhere below are written here, once, in the protocol's own shape.
 */
export function createRouter(opts: RouterOptions): RequestListener {
  return (req, res) => {
    void route(opts, req, res);
  };
}

async function route(opts: RouterOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? "" : url.slice(q + 1);
  const headers = flattenHeaders(req);
  const routed = classifyRequest(method, path, headers);

  if (routed.kind === "health") {
    const body = JSON.stringify({ status: "ok" });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    res.end(method === "HEAD" ? undefined : body);
    return;
  }
  const protocol: Protocol = routed.kind === "unknown-target" ? "awsJson1_1" : routed.protocol;
  try {
    if (routed.kind === "unknown-target") {
      throw new AwsError("UnknownOperationException", `The local engine does not serve the operation ${routed.target}.`, 400);
    }
    const handler = opts.services[routed.service];
    if (!handler) throw notServed(routed, method, path);

    const body = await readBody(req, handler.maxBodyBytes);
    const service = SIGNING_NAMES[routed.service];
    const auth = await verifySigV4(
      { method, path, rawQuery, headers, body },
      {
        service,
        region: opts.region,
        secretFor: (id) => (id === opts.credentials.accessKeyId ? opts.credentials.secretAccessKey : undefined),
        uriEscapePath: routed.service !== "s3",
        allowUnsignedPayload: routed.service === "s3",
      },
    );
    // S3 words these failures differently (SignatureDoesNotMatch, AccessDenied); its protocol layer
    // will map them when S3 arrives. Every service served today speaks a JSON protocol.
    if (!auth.ok) throw jsonAuthError(auth.failure, service);

    const request: EngineRequest = { requestId, method, path, rawQuery, headers, body, operation: routed.operation };
    const out = await handler.handle(request);
    const payload = typeof out.body === "string" ? Buffer.from(out.body) : out.body;
    res.writeHead(out.status, { ...out.headers, "content-length": payload.byteLength, "x-amzn-requestid": requestId });
    res.end(payload);
  } catch (err) {
    if (err instanceof AwsError && err.httpStatus === 413) res.setHeader("connection", "close");
    writeError(protocol, res, err, requestId);
  }
}

function notServed(routed: Extract<Route, { kind: "service" }>, method: string, path: string): AwsError {
  if (routed.protocol === "awsJson1_0" || routed.protocol === "awsJson1_1") {
    return new AwsError("UnknownOperationException", `The local engine does not serve ${routed.service} yet.`, 400);
  }
  return new AwsError("NotFound", `The local engine serves nothing at ${method} ${path}.`, 404);
}

function writeError(protocol: Protocol, res: ServerResponse, err: unknown, requestId: string): void {
  switch (protocol) {
    case "awsJson1_1":
      return writeAwsJsonError(res, err, requestId, "application/x-amz-json-1.1");
    case "awsJson1_0":
      return writeAwsJsonError(res, err, requestId, "application/x-amz-json-1.0");
    case "restJson1":
      return writeAwsJsonError(res, err, requestId, "application/json");
    case "awsQuery":
      return writeXmlError(res, err, requestId, "query");
    case "restXml":
      return writeXmlError(res, err, requestId, "s3");
  }
}

/** Node joins repeated headers with ", " already; only set-cookie stays an array, and we ignore it. */
function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
