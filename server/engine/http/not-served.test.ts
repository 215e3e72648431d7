import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";
import { decodeCbor } from "../protocol/cbor-decode";
import { classifyRequest } from "./classify-request";

/**
 * Requests for services the engine does not serve, told by their SigV4 credential scope: an error
 * that names the service, in the request's protocol, never a signature error about another one.
 * Requests for the services it serves keep their own wording of a wrong scope.
 */
const SERVED = "s3, sagemaker, sagemaker-runtime (signed as sagemaker), monitoring (CloudWatch), application-autoscaling and sts";
const notServed = (service: string) => `The local engine does not serve ${service} (it serves ${SERVED}).`;
const FORM = "application/x-www-form-urlencoded; charset=utf-8";

/** `Authorization` of a request signed for `service`; only its scope matters to routing. */
const authorization = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

describe("classifyRequest by credential scope", () => {
  const form = (service?: string) => ({ "content-type": FORM, ...(service ? { authorization: authorization(service) } : {}) });

  it("gives an awsQuery form to STS or CloudWatch by its scope; an unsigned one, or one of another served service, stays CloudWatch's", () => {
    expect(classifyRequest("POST", "/", form("sts"))).toEqual({ kind: "service", service: "sts", protocol: "awsQuery" });
    for (const headers of [form("monitoring"), form(), form("sagemaker"), form("s3")]) {
      expect(classifyRequest("POST", "/", headers)).toEqual({ kind: "service", service: "cloudwatch", protocol: "awsQuery" });
    }
    expect(classifyRequest("POST", "/", form("iam"))).toEqual({ kind: "not-served", signingName: "iam", protocol: "awsQuery" });
  });

  it("reads a presigned scope from the query: STS takes GETs, others are not served", () => {
    const credential = (service: string) => `X-Amz-Credential=${encodeURIComponent(`AKID/20240101/us-east-1/${service}/aws4_request`)}&X-Amz-Signature=00`;
    expect(classifyRequest("GET", "/", {}, `Action=GetCallerIdentity&Version=2011-06-15&${credential("sts")}`)).toEqual({ kind: "service", service: "sts", protocol: "awsQuery" });
    expect(classifyRequest("GET", "/bucket/key", {}, credential("s3"))).toEqual({ kind: "service", service: "s3", protocol: "restXml" });
    expect(classifyRequest("GET", "/bucket/key", {}, credential("lambda"))).toEqual({ kind: "not-served", signingName: "lambda", protocol: "restJson1" });
  });

  it("answers an unknown target in the request's JSON version, and a REST call in JSON unless it sent XML", () => {
    const ecr = { "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", "content-type": "application/x-amz-json-1.1", authorization: authorization("ecr") };
    expect(classifyRequest("POST", "/", ecr)).toEqual({ kind: "not-served", signingName: "ecr", protocol: "awsJson1_1" });
    const dynamo = { "x-amz-target": "DynamoDB_20120810.ListTables", "content-type": "application/x-amz-json-1.0", authorization: authorization("dynamodb") };
    expect(classifyRequest("POST", "/", dynamo)).toEqual({ kind: "not-served", signingName: "dynamodb", protocol: "awsJson1_0" });
    expect(classifyRequest("GET", "/2015-03-31/functions/", { authorization: authorization("lambda") })).toMatchObject({ kind: "not-served", protocol: "restJson1" });
    expect(classifyRequest("POST", "/2013-04-01/hostedzone", { authorization: authorization("route53"), "content-type": "application/xml" })).toMatchObject({ kind: "not-served", protocol: "awsQuery" });
  });

  it("never lets the scope override a target, the runtime's path or the engine's own routes", () => {
    const iam = { authorization: authorization("iam") };
    expect(classifyRequest("POST", "/endpoints/ep/invocations", iam)).toEqual({ kind: "service", service: "sagemaker-runtime", protocol: "restJson1" });
    expect(classifyRequest("POST", "/", { ...iam, "x-amz-target": "SageMaker.ListModels" })).toMatchObject({ kind: "service", service: "sagemaker" });
    expect(classifyRequest("GET", "/_mme/models", iam)).toMatchObject({ kind: "service", service: "internal" });
    // An unknown target signed for a served service is an unknown operation, as before.
    expect(classifyRequest("POST", "/", { authorization: authorization("sagemaker"), "x-amz-target": "DynamoDB_20120810.ListTables" })).toEqual({ kind: "unknown-target", target: "DynamoDB_20120810.ListTables" });
  });
});

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.cleanup();
});

describe("services the engine does not serve", () => {
  it("answers IAM (awsQuery) with InvalidAction naming iam, in the query ErrorResponse", async () => {
    const res = await signedFetch(engine.url, { service: "iam", contentType: FORM, body: "Action=GetRole&RoleName=SageMakerRole&Version=2010-05-08" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/xml");
    const id = res.headers.get("x-amzn-requestid");
    expect(await res.text()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
        `<Message>${notServed("iam")}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
    );
  });

  it("answers ECR (awsJson1_1) and DynamoDB (awsJson1_0) with UnknownOperationException naming them", async () => {
    const ecr = await signedFetch(engine.url, { service: "ecr", target: "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories" });
    expect(ecr.status).toBe(400);
    expect(ecr.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(ecr.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect(await ecr.json()).toEqual({ __type: "UnknownOperationException", message: notServed("ecr") });
    const dynamo = await signedFetch(engine.url, { service: "dynamodb", target: "DynamoDB_20120810.ListTables", contentType: "application/x-amz-json-1.0" });
    expect(dynamo.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect((await dynamo.json()).message).toBe(notServed("dynamodb"));
  });

  it("answers a REST service and an RPC v2 CBOR one in their shapes", async () => {
    const lambda = await signedFetch(engine.url, { service: "lambda", method: "GET", path: "/2015-03-31/functions/" });
    expect(lambda.status).toBe(400);
    expect(lambda.headers.get("content-type")).toBe("application/json");
    expect(await lambda.json()).toEqual({ __type: "UnknownOperationException", message: notServed("lambda") });
    const cbor = await signedFetch(engine.url, {
      service: "dynamodb",
      path: "/service/DynamoDB_20120810/operation/ListTables",
      contentType: "application/cbor",
      headers: { "smithy-protocol": "rpc-v2-cbor" },
      body: new Uint8Array([0xa0]),
    });
    expect(cbor.status).toBe(400);
    expect(decodeCbor(new Uint8Array(await cbor.arrayBuffer()))).toEqual({ __type: "com.amazon.coral.service#UnknownOperationException", message: notServed("dynamodb") });
  });

  it("answers a presigned URL of another service as not served", async () => {
    const url = new URL("/2015-03-31/functions/", engine.url);
    const signer = new SignatureV4({ credentials: TEST_CREDENTIALS, region: TEST_CONFIG.region, service: "lambda", sha256: Sha256 });
    const presigned = await signer.presign({ method: "GET", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } });
    const res = await fetch(`${url}?${new URLSearchParams(presigned.query as Record<string, string>)}`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe(notServed("lambda"));
  });
});

describe("a wrong scope on a served service keeps that service's wording", () => {
  it("an STS form is STS's: never CloudWatch's 'scoped to correct service: monitoring'", async () => {
    const res = await signedFetch(engine.url, { service: "sts", contentType: FORM, body: "Action=GetCallerIdentity&Version=2011-06-15", credentials: { ...TEST_CREDENTIALS, secretAccessKey: "wrong" } });
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(text).not.toContain("Credential should be scoped to correct service");
  });

  it("a CloudWatch form signed as sagemaker is CloudWatch's InvalidSignatureException", async () => {
    const res = await signedFetch(engine.url, { service: "sagemaker", contentType: FORM, body: "Action=ListMetrics&Version=2010-08-01" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      `<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>InvalidSignatureException</Code><Message>Credential should be scoped to correct service: 'monitoring'. </Message>`,
    );
  });

  it("a SageMaker target signed as iam is SageMaker's signature error, and S3 signed as sagemaker is S3's", async () => {
    const sm = await signedFetch(engine.url, { service: "iam", target: "SageMaker.ListModels" });
    expect(sm.status).toBe(400);
    expect(await sm.json()).toEqual({ __type: "InvalidSignatureException", message: "Credential should be scoped to correct service: 'sagemaker'. " });
    const s3 = await signedFetch(engine.url, { service: "sagemaker", method: "GET", path: "/some-bucket" });
    expect(s3.status).toBe(400);
    expect(await s3.text()).toContain('<Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; incorrect service "sagemaker". This endpoint belongs to "s3".</Message>');
  });
});
