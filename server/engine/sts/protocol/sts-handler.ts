import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import { escapeXml } from "../../http/xml-error";
import type { StsBackend } from "../backend/sts-backend";
import { stsAuthError } from "./sts-auth-errors";
import { actionNotServed, missingAction, STS_VERSION, unknownVersion } from "./sts-errors";

const STS_XMLNS = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

/** GetCallerIdentity takes no parameters; STS's largest requests (AssumeRole with policies) are a few KiB. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * STS's wire layer: awsQuery, the only protocol STS's model lists (botocore's
 * `sts/2011-06-15/service-2.json`; the JS SDK's client sends the same form). Parameters come from
 * a form body (`Action=GetCallerIdentity&Version=2011-06-15`, what the SDKs and the CLI send) or
 * the query string (`GET /?Action=GetCallerIdentity&Version=2011-06-15`, presigned as EKS tokens
 * are). The router sends a request here when its credential scope names `sts`.
 */
export function createStsHandler(backend: StsBackend): ServiceHandler {
  return {
    maxBodyBytes: MAX_BODY_BYTES,
    xmlNamespace: STS_XMLNS,
    authError: stsAuthError,
    handle(req: EngineRequest): EngineResponse {
      const params = queryParameters(req);
      const action = params.get("Action");
      if (!action) throw missingAction();
      if (action !== "GetCallerIdentity") throw actionNotServed(action);
      const version = params.get("Version");
      if (version !== null && version !== STS_VERSION) throw unknownVersion(action, version);
      const { arn, userId, account } = backend.getCallerIdentity();
      return {
        status: 200,
        headers: { "content-type": "text/xml" },
        body: awsQueryResponse("GetCallerIdentity", [["Arn", arn], ["UserId", userId], ["Account", account]], req.requestId),
      };
    },
  };
}

/** The query string's parameters, then the form body's (which win, as the body is what is signed). */
function queryParameters(req: EngineRequest): URLSearchParams {
  const params = new URLSearchParams(req.rawQuery);
  if ((req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(req.body.toString("utf8"))) params.set(name, value);
  }
  return params;
}

/**
 * `<OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata><RequestId>` laid out as STS lays
 * it out (two-space indents, no XML declaration), with the request id of `x-amzn-requestid`.
 */
function awsQueryResponse(operation: string, result: [name: string, value: string][], requestId: string): string {
  const members = result.map(([name, value]) => `    <${name}>${escapeXml(value)}</${name}>\n`).join("");
  return (
    `<${operation}Response xmlns="${STS_XMLNS}">\n` +
    `  <${operation}Result>\n${members}  </${operation}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</${operation}Response>\n`
  );
}
