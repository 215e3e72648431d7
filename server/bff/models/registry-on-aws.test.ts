import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/roles";
import { startChecksumCheckingProxy, type ChecksumCheckingProxy } from "@/test/support/aws/checksum-checking-proxy";
import { awsModeEnv, createMotoMmeEndpoint, motoClientConfig, startMoto, type MotoServer } from "@/test/support/aws/moto-server";
import { ADD_REQUEST, callRoute } from "@/test/support/bff/release-fixtures";

// The registry in AWS mode (MME_BACKEND=aws) against moto, an independent implementation of S3 and
// SageMaker, reached the way an S3-compatible store or a local stack is: AWS_ENDPOINT_URL on an IP.
// The bucket has dots ("mme.models"): virtual-hosted, that is "http://mme.models.127.0.0.1:PORT/",
// not even a URL. In front of moto, a proxy refuses what a strict S3-compatible store refuses: a
// request naming a CRC32 its body does not have (moto alone ignores it).
const session = vi.hoisted(() => ({ user: { email: "admin@example.com", role: "admin" } as SessionUser }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const EP = "mme-on-moto";
const BUCKET = "mme.models";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-aws-reg-"));
let moto: MotoServer;
let store: ChecksumCheckingProxy;
let bff: {
  start: typeof import("./start-upload").startUpload;
  sign: typeof import("./sign-upload-parts").signUploadParts;
  complete: typeof import("./complete-upload").completeUpload;
  get: typeof import("./get-model").getModel;
  listRoute: typeof import("@/app/api/endpoints/[name]/models/route").GET;
  verify: typeof import("./verify-version").verifyVersion;
  invoke: typeof import("../invoke/invoke-model").invokeModel;
  aliasRoute: typeof import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/route");
  canaryRoute: typeof import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/canary/route");
};

beforeAll(async () => {
  moto = await startMoto();
  store = await startChecksumCheckingProxy(moto.url);
  Object.assign(process.env, awsModeEnv(store.url), { MME_CONSOLE_DATA_DIR: tmp });
  // The arrangement goes straight to moto with the test's own clients.
  const common = motoClientConfig(moto.url);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await createMotoMmeEndpoint(moto.url, { name: EP, modelDataUrl: `s3://${BUCKET}/team/`, instanceType: "ml.g4dn.xlarge", instanceCount: 1 });
  s3.destroy();
  bff = {
    start: (await import("./start-upload")).startUpload,
    sign: (await import("./sign-upload-parts")).signUploadParts,
    complete: (await import("./complete-upload")).completeUpload,
    get: (await import("./get-model")).getModel,
    listRoute: (await import("@/app/api/endpoints/[name]/models/route")).GET,
    verify: (await import("./verify-version")).verifyVersion,
    invoke: (await import("../invoke/invoke-model")).invokeModel,
    aliasRoute: await import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/route"),
    canaryRoute: await import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/canary/route"),
  };
});
afterAll(async () => {
  await store?.close();
  await moto?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function listModels() {
  const res = await bff.listRoute(new NextRequest(`http://console.test/api/endpoints/${EP}/models`), { params: Promise.resolve({ name: EP }) });
  return { status: res.status, body: await res.json() };
}

describe("the model registry on AWS (moto) with a dotted bucket behind an IP endpoint", () => {
  it("lists the endpoint's models: S3 is addressed path-style", async () => {
    expect(await listModels()).toEqual({ status: 200, body: { models: [], location: `s3://${BUCKET}/team/` } });
  });

  it("uploads through presigned part URLs that carry no checksum, so a strict S3-compatible store takes the part", async () => {
    const upload = await bff.start(EP, { model: "onnx-add", size: VALID.length }, "admin@example.com");
    const { parts } = await bff.sign(EP, { key: upload.key, uploadId: upload.uploadId, partNumbers: [1] });
    const url = new URL(parts[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${store.url}/${BUCKET}/team/onnx-add/v1.tar.gz`);
    const put = await fetch(url, { method: "PUT", body: new Uint8Array(VALID) });
    expect(put.status, await put.clone().text()).toBe(200);
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    const etag = put.headers.get("etag")!;
    const version = await bff.complete(EP, { key: upload.key, uploadId: upload.uploadId, parts: [{ partNumber: 1, etag }] }, "admin@example.com");
    expect(version).toMatchObject({ version: 1, state: "ready", targetModel: "onnx-add/v1.tar.gz", framework: "onnx", size: VALID.length });
    expect(store.refused).toEqual([]);

    expect((await bff.get(EP, "onnx-add")).versions.map((v) => v.version)).toEqual([1]);
    expect(await listModels()).toMatchObject({ status: 200, body: { models: [{ name: "onnx-add", latestVersion: 1, versionCount: 1 }] } });
  });

  it("aborts an upload its browser abandoned, in S3 itself, and drops its version when the models list is read", async () => {
    process.env.MME_UPLOAD_EXPIRY_S = "1";
    try {
      const upload = await bff.start(EP, { model: "abandoned", size: VALID.length }, "admin@example.com");
      const open = async () => {
        const s3 = new S3Client({ region: "us-east-1", endpoint: moto.url, forcePathStyle: true, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
        const out = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: "team/abandoned/" }));
        s3.destroy();
        return (out.Uploads ?? []).map((u) => u.UploadId);
      };
      expect(await open()).toEqual([upload.uploadId]);
      expect((await bff.get(EP, "abandoned")).versions.map((v) => v.state)).toEqual(["uploading"]);
      await new Promise((r) => setTimeout(r, 1300));
      expect((await listModels()).status).toBe(200);
      expect(await open()).toEqual([]);
      expect((await bff.get(EP, "abandoned")).versions).toEqual([]);
    } finally {
      delete process.env.MME_UPLOAD_EXPIRY_S;
    }
  });

  it("moves aliases only to verified versions, and splits an alias's requests by its canary's weight, as on the engine", async () => {
    const alias = (a: string) => ({ name: EP, model: "onnx-add", alias: a });
    const aliasPath = `/api/endpoints/${EP}/models/onnx-add/aliases/production`;
    // v1's check got moto's canned answer, which is no KServe v2 JSON: it did not verify.
    expect((await bff.get(EP, "onnx-add")).versions[0]!.verification?.status).not.toBe("verified");
    expect(await callRoute(bff.aliasRoute.PUT, "PUT", aliasPath, alias("production"), { version: 1 })).toMatchObject({
      status: 409,
      body: { error: { code: "version_not_verified" } },
    });

    // moto answers InvokeEndpoint from a queue, one answer per distinct request (target model and
    // body) and the same one ever after (v1's check got its canned "body"): queue onnx-add's
    // answer for the checks of v2 and v3 and the invocations of each.
    const answer = { outputs: [{ name: "OUTPUT0", datatype: "FP32", shape: [1, 4], data: [11, 22, 33, 44] }] };
    const queued = await fetch(`${moto.url}/moto-api/static/sagemaker/endpoint-results`, {
      method: "POST",
      body: JSON.stringify({ region: "us-east-1", results: Array.from({ length: 8 }, () => ({ Body: JSON.stringify(answer), ContentType: "application/json" })) }),
    });
    expect(queued.status).toBe(201);
    const uploadValid = async () => {
      const upload = await bff.start(EP, { model: "onnx-add", size: VALID.length }, "admin@example.com");
      const { parts } = await bff.sign(EP, { key: upload.key, uploadId: upload.uploadId, partNumbers: [1] });
      const put = await fetch(parts[0]!.url, { method: "PUT", body: new Uint8Array(VALID) });
      return bff.complete(EP, { key: upload.key, uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: put.headers.get("etag")! }] }, "admin@example.com");
    };
    expect(await uploadValid()).toMatchObject({ version: 2, verification: { status: "verified" } });
    expect(await uploadValid()).toMatchObject({ version: 3, verification: { status: "verified" } });
    expect(await callRoute(bff.aliasRoute.PUT, "PUT", aliasPath, alias("production"), { version: 2, expected: null })).toMatchObject({ status: 200, body: { version: 2 } });
    const canary = await callRoute(bff.canaryRoute.PUT, "PUT", `${aliasPath}/canary`, alias("production"), { version: 3, weight: 50, expected: 2 });
    expect(canary).toMatchObject({ status: 200, body: { version: 2, canary: { version: 3, weight: 50 } } });

    const N = 200;
    const results = await Promise.all(Array.from({ length: N }, () => bff.invoke(EP, { model: "onnx-add", alias: "production", request: ADD_REQUEST })));
    const toCanary = results.filter((r) => r.canary);
    // Binomial(200, 0.5): mean 100, σ = √(200 · 0.25) ≈ 7.07; ±4σ is 72..128 (outside with p ≈ 6e-5).
    expect(toCanary.length).toBeGreaterThanOrEqual(72);
    expect(toCanary.length).toBeLessThanOrEqual(128);
    expect(new Set(toCanary.map((r) => r.targetModel))).toEqual(new Set(["onnx-add/v3.tar.gz"]));
    expect(new Set(results.filter((r) => !r.canary).map((r) => r.targetModel))).toEqual(new Set(["onnx-add/v2.tar.gz"]));
  });
});
