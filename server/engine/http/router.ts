import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { AwsError } from "../aws-error";
import { writeAwsJsonError } from "./aws-json-error";
import { writeCborError } from "./cbor-error";
import { classifyRequest, SIGNING_NAMES, type Protocol, type Route, type ServiceId } from "./classify-request";
import { readBody } from "./read-body";
import { copyHeaders } from "./response-headers";
import type { AnyServiceHandler, EngineRequest, StreamingServiceHandler, VerifiedRequest } from "./service-handler";
import { jsonAuthError } from "./sigv4-errors";
import { settleBodyBeforeError, settleUnreadBody, writeStreamingResponse } from "./streaming-response";
import { verifySigV4 } from "./verify-sigv4";
import type { SigV4Options } from "./sigv4-types";
import { writeXmlError, type S3RequestIds } from "./xml-error";

export type RouterOptions = {
  services: Partial<Record<ServiceId, AnyServiceHandler>>;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

/** Register `onCheckContinue` as the server's `checkContinue` listener too (see acceptBody). */
export type Router = RequestListener & { onCheckContinue: RequestListener };

/**
 * The engine's single edge: every request is classified (service and protocol), read with the
 * service's size cap, authenticated with SigV4 against the configured keys, and handed to the
 * service. Streaming services (S3) get the unread body and authenticate from the headers.
 * Errors from anywhere below are written here, once, in the protocol's own shape.
 */
export function createRouter(options: RouterOptions): Router {
  const opts = { ...options, verify: verifyOptionsByService(options), servedList: servedList(options.services) };
  const router = ((req, res) => void route(opts, req, res, false)) as Router;
  // A client that sent `Expect: 100-continue` waits for our go-ahead before sending the body, so
  // a request refused from its headers (bad signature, no such bucket) never uploads gigabytes.
  router.onCheckContinue = (req, res) => void route(opts, req, res, true);
  return router;
}

type RouteContext = RouterOptions & {
  verify: Record<ServiceId, SigV4Options>;
  /** What the engine serves, as a not-served answer lists it. */
  servedList: string;
};

async function route(opts: RouteContext, req: IncomingMessage, res: ServerResponse, awaitingContinue: boolean): Promise<void> {
  const ids = new RequestIds();
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? "" : url.slice(q + 1);
  const headers = flattenHeaders(req);
  const routed = classifyRequest(method, path, headers, rawQuery);
  const gate = new ContinueGate(res, awaitingContinue);

  if (routed.kind === "health") {
    const body = JSON.stringify({ status: "ok" });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    res.end(method === "HEAD" ? undefined : body);
    return;
  }
  const protocol: Protocol = routed.kind === "unknown-target" ? (routed.protocol ?? "awsJson1_1") : routed.protocol;
  // awsQuery errors carry the namespace of the service's responses; a service not served has none.
  let xmlns: string | null | undefined = null;
  try {
    if (routed.kind === "unknown-target") {
      throw new AwsError("UnknownOperationException", `The local engine does not serve the operation ${routed.target}.`, 400);
    }
    if (routed.kind === "not-served") throw serviceNotServed(routed, opts.servedList);
    const handler = opts.services[routed.service];
    xmlns = handler && !handler.streaming ? handler.xmlNamespace : undefined;
    if (!handler) throw notServed(routed, method, path);
    const service = SIGNING_NAMES[routed.service];

    if (handler.streaming) {
      const authenticate = async (): Promise<VerifiedRequest> => {
        const auth = verifySigV4({ method, path, rawQuery, headers }, { ...opts.verify[routed.service], payload: "declared" });
        if (!auth.ok) throw handler.authError(auth.failure, opts.region);
        return auth;
      };
      const acceptBody = () => gate.accept();
      await serveStreaming(handler, res, { requestId: ids.requestId, hostId: ids.hostId, method, path, rawQuery, headers, body: req, acceptBody, authenticate }, () => gate.continued);
      return;
    }

    gate.accept();
    const body = await readBody(req, headers["content-length"], handler.maxBodyBytes, handler.payloadTooLarge ? () => handler.payloadTooLarge!(ids.requestId) : undefined);
    const auth = verifySigV4({ method, path, rawQuery, headers, body }, opts.verify[routed.service]);
    if (!auth.ok) throw handler.authError ? handler.authError(auth.failure, opts.region) : jsonAuthError(auth.failure, service);

    const request: EngineRequest = { requestId: ids.requestId, method, path, rawQuery, headers, body, operation: routed.operation };
    const out = await handler.handle(request);
    const payload = typeof out.body === "string" ? Buffer.from(out.body) : out.body;
    const answerHeaders = copyHeaders(out.headers);
    answerHeaders["content-length"] = payload.byteLength;
    answerHeaders["x-amzn-requestid"] = ids.requestId;
    res.writeHead(out.status, answerHeaders);
    res.end(payload);
  } catch (err) {
    const error = await settleBodyBeforeError(req, err, gate.continued);
    writeError(protocol, res, error, ids, xmlns);
  }
}

/**
 * Whether the client may send the body yet: one that sent `Expect: 100-continue` waits for our
 * go-ahead. A class rather than a closure over a local: the engine runs under tsx, whose esbuild
 * transform (keepNames) wraps every named closure in an `Object.defineProperty` call, a slow
 * runtime path that the warm request met six times (router, body reader, lease) before this.
 */
class ContinueGate {
  continued: boolean;
  constructor(
    private readonly res: ServerResponse,
    awaitingContinue: boolean,
  ) {
    this.continued = !awaitingContinue;
  }

  accept(): void {
    if (this.continued) return;
    this.continued = true;
    this.res.writeContinue();
  }
}

/**
 * A request's ids. S3's second id (`x-amz-id-2`) costs 32 random bytes: made only for the answers
 * that carry it. A class, not an object literal with a getter: that is built on V8's slow path,
 * and this is made for every request.
 */
class RequestIds implements S3RequestIds {
  readonly requestId = randomUUID();
  private host: string | undefined;

  get hostId(): string {
    return (this.host ??= randomBytes(32).toString("base64"));
  }
}

function verifyOptionsByService(opts: RouterOptions): Record<ServiceId, SigV4Options> {
  const secretFor = (id: string) => (id === opts.credentials.accessKeyId ? opts.credentials.secretAccessKey : undefined);
  const forService = (service: ServiceId): SigV4Options => ({
    service: SIGNING_NAMES[service],
    region: opts.region,
    secretFor,
    uriEscapePath: service !== "s3",
    allowUnsignedPayload: service === "s3",
    allowPresigned: service === "sts",
  });
  return {
    sagemaker: forService("sagemaker"),
    "sagemaker-runtime": forService("sagemaker-runtime"),
    cloudwatch: forService("cloudwatch"),
    s3: forService("s3"),
    sts: forService("sts"),
    "application-autoscaling": forService("application-autoscaling"),
    internal: forService("internal"),
  };
}

async function serveStreaming(
  handler: StreamingServiceHandler,
  res: ServerResponse,
  request: Parameters<StreamingServiceHandler["handle"]>[0],
  bodyAccepted: () => boolean,
): Promise<void> {
  const out = await handler.handle(request);
  // What the handler did not read must not be parsed as the next request on this connection.
  const closeAfter = !(await settleUnreadBody(request.body as IncomingMessage, bodyAccepted()));
  writeStreamingResponse(res, out, request, closeAfter);
}

function notServed(routed: Extract<Route, { kind: "service" }>, method: string, path: string): AwsError {
  if (routed.protocol === "awsJson1_0" || routed.protocol === "awsJson1_1") {
    return new AwsError("UnknownOperationException", `The local engine does not serve ${routed.service} yet.`, 400);
  }
  return new AwsError("NotFound", `The local engine serves nothing at ${method} ${path}.`, 404);
}

/** How a not-served answer names each service the engine serves (the developer routes are not AWS's). */
const SERVED_NAMES: Readonly<Record<Exclude<ServiceId, "internal">, string>> = {
  s3: "s3",
  sagemaker: "sagemaker",
  "sagemaker-runtime": `sagemaker-runtime (signed as ${SIGNING_NAMES["sagemaker-runtime"]})`,
  cloudwatch: `${SIGNING_NAMES.cloudwatch} (CloudWatch)`,
  "application-autoscaling": SIGNING_NAMES["application-autoscaling"],
  sts: SIGNING_NAMES.sts,
};

/** "s3, sagemaker, ... and sts": the services this router was given, in SERVED_NAMES' order. */
function servedList(services: RouterOptions["services"]): string {
  const names = (Object.keys(SERVED_NAMES) as (keyof typeof SERVED_NAMES)[]).filter((id) => services[id]).map((id) => SERVED_NAMES[id]);
  return names.length <= 1 ? (names[0] ?? "nothing") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * A request signed for a service the engine does not serve (IAM, ECR, ...), answered in its
 * protocol's shape with a code its SDK raises as an ordinary service error: awsQuery's
 * `InvalidAction` (AWS's common error for an action a service does not have), the JSON and CBOR
 * protocols' `UnknownOperationException` (what AWS's JSON frontends answer to an unknown target).
 * Neither is a credential error, so nobody hunts for a signing bug, and neither is retried.
 */
function serviceNotServed(routed: Extract<Route, { kind: "not-served" }>, served: string): AwsError {
  const message = `The local engine does not serve ${routed.signingName} (it serves ${served}).`;
  return new AwsError(routed.protocol === "awsQuery" ? "InvalidAction" : "UnknownOperationException", message, 400);
}

function writeError(protocol: Protocol, res: ServerResponse, err: unknown, ids: S3RequestIds, xmlns: string | null | undefined): void {
  switch (protocol) {
    case "awsJson1_1":
      return writeAwsJsonError(res, err, ids.requestId, "application/x-amz-json-1.1");
    case "awsJson1_0":
      return writeAwsJsonError(res, err, ids.requestId, "application/x-amz-json-1.0");
    case "restJson1":
      return writeAwsJsonError(res, err, ids.requestId, "application/json");
    case "awsQuery":
      return writeXmlError(res, err, ids, "query", xmlns);
    case "restXml":
      return writeXmlError(res, err, ids, "s3");
    case "rpcv2Cbor":
      return writeCborError(res, err, ids.requestId);
  }
}

/** Headers whose repeats Node drops (keeping the first), as `IncomingMessage.headers` does. */
const SINGLE_VALUED = new Set([
  "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since",
  "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after", "server", "user-agent",
]);

/**
 * The request's headers with lowercased names, with `IncomingMessage.headers`' rules for repeats
 * (single-valued ones keep the first, cookies join with "; ", the rest with ", "; set-cookie,
 * which no service reads, is dropped). Built from `rawHeaders` directly: Node's lazy `headers`
 * getter costs several times more, on every request.
 */
function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const raw = req.rawHeaders;
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const seen = out[name];
    if (seen === undefined) {
      if (name !== "set-cookie") out[name] = value;
    } else if (!SINGLE_VALUED.has(name)) {
      out[name] = `${seen}${name === "cookie" ? "; " : ", "}${value}`;
    }
  }
  return out;
}
