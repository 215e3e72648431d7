import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCbor } from "../protocol/cbor-decode";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

/** Errors the edge writes for RPC v2 CBOR requests, before any service sees them. */
let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.cleanup();
});

async function post(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, engine.url), { method: "POST", headers: { "smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor", ...headers }, body: new Uint8Array([0xa0]) });
  return { res, body: decodeCbor(new Uint8Array(await res.arrayBuffer())) };
}

describe("CBOR errors at the edge", () => {
  it("answers a service the engine does not serve with UnknownOperationException in CBOR", async () => {
    const { res, body } = await post("/service/DynamoDB_20120810/operation/GetItem");
    expect(res.status).toBe(400);
    expect(res.headers.get("smithy-protocol")).toBe("rpc-v2-cbor");
    expect(res.headers.get("content-type")).toBe("application/cbor");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-amzn-errortype")).toBeNull();
    expect(body).toEqual({ __type: "com.amazon.coral.service#UnknownOperationException", message: "The local engine does not serve the operation DynamoDB_20120810.GetItem." });
  });

  it("answers an unsigned CloudWatch request with the JSON protocols' auth error, in CBOR", async () => {
    const { res, body } = await post("/service/GraniteServiceVersion20100801/operation/ListMetrics");
    expect(res.status).toBe(400);
    expect(res.headers.get("smithy-protocol")).toBe("rpc-v2-cbor");
    expect(body).toMatchObject({ __type: expect.stringMatching(/^com\.amazon\.coral\.service#MissingAuthenticationToken/), message: expect.any(String) });
  });
});
