import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/roles";
import { startChecksumCheckingProxy, type ChecksumCheckingProxy } from "@/test/support/aws/checksum-checking-proxy";
import { awsModeEnv, startMoto, type MotoServer } from "@/test/support/aws/moto-server";

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
};

beforeAll(async () => {
  moto = await startMoto();
  store = await startChecksumCheckingProxy(moto.url);
  Object.assign(process.env, awsModeEnv(store.url), { MME_CONSOLE_DATA_DIR: tmp });
  // The arrangement goes straight to moto with the test's own clients.
  const common = { region: "us-east-1", endpoint: moto.url, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const sm = new SageMakerClient(common);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await sm.send(
    new CreateModelCommand({
      ModelName: EP,
      ExecutionRoleArn: "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
      PrimaryContainer: { Image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3", Mode: "MultiModel", ModelDataUrl: `s3://${BUCKET}/team/` },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${EP}-c`,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: EP, InstanceType: "ml.g4dn.xlarge", InitialInstanceCount: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: EP, EndpointConfigName: `${EP}-c` }));
  s3.destroy();
  sm.destroy();
  bff = {
    start: (await import("./start-upload")).startUpload,
    sign: (await import("./sign-upload-parts")).signUploadParts,
    complete: (await import("./complete-upload")).completeUpload,
    get: (await import("./get-model")).getModel,
    listRoute: (await import("@/app/api/endpoints/[name]/models/route")).GET,
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
});
