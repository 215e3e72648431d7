import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { configMismatchPackage, putVersionDirectly, randomBytesOnnxPackage } from "@/test/support/bff/verification-packages";

// Every new version is loaded and invoked once on its endpoint, against a real engine.
const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
/** Long enough that a second endpoint is still Creating while it is verified. */
const TRANSITION_MS = 2_500;
let engine: BffTestEngine;
let bff: {
  start: typeof import("./start-upload").startUpload;
  sign: typeof import("./sign-upload-parts").signUploadParts;
  complete: typeof import("./complete-upload").completeUpload;
  get: typeof import("./get-model").getModel;
  list: typeof import("./list-models").listModels;
  moveAlias: typeof import("./move-alias").moveAlias;
  verify: typeof import("./verify-version").verifyVersion;
};


beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "ver", transitionMs: TRANSITION_MS });
  await engine.createMmeEndpoint("ver", "s3://ver/m/");
  await engine.waitInService("ver");
  bff = {
    start: (await import("./start-upload")).startUpload,
    sign: (await import("./sign-upload-parts")).signUploadParts,
    complete: (await import("./complete-upload")).completeUpload,
    get: (await import("./get-model")).getModel,
    list: (await import("./list-models")).listModels,
    moveAlias: (await import("./move-alias")).moveAlias,
    verify: (await import("./verify-version")).verifyVersion,
  };
});
afterAll(async () => engine?.close());

/** An upload as the browser makes it, completed by the BFF (which verifies the version). */
async function uploadAndComplete(endpoint: string, model: string, bytes: Uint8Array) {
  const session = await bff.start(endpoint, { model, size: bytes.length }, "admin@example.com");
  const { parts } = await bff.sign(endpoint, { key: session.key, uploadId: session.uploadId, partNumbers: [1] });
  const res = await fetch(parts[0]!.url, { method: "PUT", body: Buffer.from(bytes) });
  expect(res.status).toBe(200);
  return bff.complete(endpoint, { key: session.key, uploadId: session.uploadId, parts: [{ partNumber: 1, etag: res.headers.get("etag")! }] }, "admin@example.com");
}

describe("verification of every new version", () => {
  it("verifies a good upload before answering: load time, latency and the output shapes, kept in the head", async () => {
    const v = await uploadAndComplete("ver", "onnx-add", VALID);
    expect(v.verification).toMatchObject({ status: "verified", coldLoad: true, outputs: [{ name: "OUTPUT0", datatype: "FP32", shape: [1, 4] }] });
    if (v.verification?.status !== "verified") throw new Error("not verified");
    expect(v.verification.loadMs).toBeGreaterThan(0);
    expect(v.verification.latencyMs).toBeGreaterThanOrEqual(0);

    const detail = await bff.get("ver", "onnx-add");
    expect(detail.versions[0]!.verification).toEqual(v.verification);
    const { models } = await bff.list("ver", { limit: 50 });
    expect(models.find((m) => m.name === "onnx-add")?.verification).toEqual(v.verification);
  });

  it("re-runs on demand: the model is resident now, so the first call is no cold load", async () => {
    const before = (await bff.get("ver", "onnx-add")).versions[0]!.verification!;
    const again = await bff.verify("ver", "onnx-add", 1);
    expect(again).toMatchObject({ status: "verified", coldLoad: false });
    expect(again.at > before.at).toBe(true);
    expect((await bff.get("ver", "onnx-add")).versions[0]!.verification).toEqual(again);
  });

  it("fails a package the checker accepts but the engine cannot load, in a sentence, and moves no alias", async () => {
    await uploadAndComplete("ver", "mismatch", configMismatchPackage("mismatch"));
    // v1 fails too: only a forced move points an alias at it.
    const force = { reason: "an alias on a failing version, to see v2 leave it alone" };
    await bff.moveAlias("ver", "mismatch", "production", { version: 1, force }, { email: "admin@example.com", role: "admin" });
    const v2 = await uploadAndComplete("ver", "mismatch", configMismatchPackage("mismatch"));
    expect(v2.verification).toMatchObject({ status: "failed" });
    if (v2.verification?.status !== "failed") throw new Error("not failed");
    expect(v2.verification.error).toMatch(/^The model mismatch\/v2\.tar\.gz could not be loaded: .*config\.pbtxt names input 'INPUT9'.*\.$/);
    expect(v2.verification.error).not.toMatch(/Received client error|\{"error"/);
    const detail = await bff.get("ver", "mismatch");
    expect(detail.aliases).toEqual({ production: 1 });
    expect(detail.versions.map((v) => v.verification?.status)).toEqual(["failed", "failed"]);
  });

  it("fails a version whose model.onnx is random bytes (written straight to S3 and the registry)", async () => {
    const version = await putVersionDirectly(engine.s3, { bucket: "ver", prefix: "m/", model: "junk", bytes: randomBytesOnnxPackage("junk") });
    const v = await bff.verify("ver", "junk", version);
    expect(v).toMatchObject({ status: "failed" });
    if (v.status !== "failed") throw new Error("not failed");
    expect(v.error).toMatch(/^The model junk\/v1\.tar\.gz could not be loaded: /);
    expect((await bff.get("ver", "junk")).versions[0]!.verification).toEqual(v);
  });

  it("leaves a version unverified, saying why, while its endpoint is not InService; verifies it once it is", async () => {
    await engine.createMmeEndpoint("ver-new", "s3://ver/new/");
    const version = await putVersionDirectly(engine.s3, { bucket: "ver", prefix: "new/", model: "onnx-add", bytes: VALID });
    const v = await bff.verify("ver-new", "onnx-add", version);
    expect(v).toEqual({ status: "unverified", at: expect.any(String), reason: "The endpoint is Creating, not InService; verify again once it is" });
    expect((await bff.get("ver-new", "onnx-add")).versions[0]!.verification).toEqual(v);
    await engine.waitInService("ver-new");
    expect(await bff.verify("ver-new", "onnx-add", version)).toMatchObject({ status: "verified" });
  });

  it("answers \"running\" when the check outlasts the wait, and records the outcome when it ends", async () => {
    const v = await bff.verify("ver", "onnx-add", 1, { waitMs: 0 });
    expect(v).toMatchObject({ status: "unverified", running: true });
    let recorded = (await bff.get("ver", "onnx-add")).versions[0]!.verification;
    for (let i = 0; i < 50 && recorded?.status === "unverified"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      recorded = (await bff.get("ver", "onnx-add")).versions[0]!.verification;
    }
    expect(recorded).toMatchObject({ status: "verified" });
  });

  it("refuses to verify a version that does not exist", async () => {
    await expect(bff.verify("ver", "onnx-add", 99)).rejects.toMatchObject({ code: "not_found" });
    await expect(bff.verify("ver", "nope", 1)).rejects.toMatchObject({ code: "not_found" });
  });
});
