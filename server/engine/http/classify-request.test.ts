import { describe, expect, it } from "vitest";
import { classifyRequest } from "./classify-request";

const cbor = { "smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor" };

describe("classifyRequest: Smithy RPC v2 CBOR", () => {
  it("routes CloudWatch's service shape, by name or absolute ID, with or without a path prefix", () => {
    for (const path of [
      "/service/GraniteServiceVersion20100801/operation/PutMetricData",
      "/service/com.amazonaws.cloudwatch.GraniteServiceVersion20100801/operation/PutMetricData",
      "/v1/service/GraniteServiceVersion20100801/operation/PutMetricData",
    ]) {
      expect(classifyRequest("POST", path, cbor)).toEqual({ kind: "service", service: "cloudwatch", protocol: "rpcv2Cbor", operation: "PutMetricData" });
    }
  });

  it("reads the header before X-Amz-Target, so a request naming both is CloudWatch's to refuse", () => {
    const route = classifyRequest("POST", "/service/GraniteServiceVersion20100801/operation/ListMetrics", { ...cbor, "x-amz-target": "SageMaker.ListModels" });
    expect(route).toMatchObject({ kind: "service", service: "cloudwatch", protocol: "rpcv2Cbor" });
  });

  it("answers any other service, path or protocol value with that header in CBOR", () => {
    expect(classifyRequest("POST", "/service/DynamoDB_20120810/operation/GetItem", cbor)).toEqual({ kind: "unknown-target", target: "DynamoDB_20120810.GetItem", protocol: "rpcv2Cbor" });
    expect(classifyRequest("POST", "/service/GraniteServiceVersion20100801/operation/ListMetrics", { "smithy-protocol": "rpc-v2-json" })).toMatchObject({ kind: "unknown-target", protocol: "rpcv2Cbor" });
    expect(classifyRequest("POST", "/", cbor)).toEqual({ kind: "unknown-target", target: "/", protocol: "rpcv2Cbor" });
    expect(classifyRequest("POST", "/service/toString/operation/x", cbor)).toMatchObject({ kind: "unknown-target" });
  });

  it("leaves requests without the header as they were", () => {
    expect(classifyRequest("POST", "/service/GraniteServiceVersion20100801/operation/ListMetrics", {})).toEqual({ kind: "service", service: "s3", protocol: "restXml" });
    expect(classifyRequest("POST", "/", { "x-amz-target": "GraniteServiceVersion20100801.ListMetrics" })).toEqual({ kind: "service", service: "cloudwatch", protocol: "awsJson1_0", operation: "ListMetrics" });
    expect(classifyRequest("GET", "/_mme/health", cbor)).toEqual({ kind: "health" });
  });
});
