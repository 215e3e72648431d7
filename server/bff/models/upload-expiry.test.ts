import fs from "node:fs";
import path from "node:path";
import { DeleteObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// Abandoned uploads against a real engine, with the idle expiry set short through its setting.
const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const EXPIRY_S = 1;
let engine: BffTestEngine;
let s3: S3Client;
type Bff = {
  start: typeof import("./start-upload").startUpload;
  sign: typeof import("./sign-upload-parts").signUploadParts;
  complete: typeof import("./complete-upload").completeUpload;
  list: typeof import("./list-models").listModels;
  get: typeof import("./get-model").getModel;
  deleteVersion: typeof import("./delete-version").deleteVersion;
  stopSweeps: typeof import("./expire-idle-uploads").stopIdleUploadSweeps;
};
let bff: Bff;

/** The BFF's modules as a freshly started console process has them (vi.resetModules: no memory of what the last one heard). */
async function consoleProcess(): Promise<Bff> {
  return {
    start: (await import("./start-upload")).startUpload,
    sign: (await import("./sign-upload-parts")).signUploadParts,
    complete: (await import("./complete-upload")).completeUpload,
    list: (await import("./list-models")).listModels,
    get: (await import("./get-model")).getModel,
    deleteVersion: (await import("./delete-version")).deleteVersion,
    stopSweeps: (await import("./expire-idle-uploads")).stopIdleUploadSweeps,
  };
}

beforeAll(async () => {
  process.env.MME_UPLOAD_EXPIRY_S = String(EXPIRY_S);
  engine = await startBffTestEngine({ bucket: "exp" });
  ({ s3 } = engine);
  await engine.createMmeEndpoint("exp", "s3://exp/team/");
  bff = await consoleProcess();
});
afterAll(async () => {
  delete process.env.MME_UPLOAD_EXPIRY_S;
  await engine?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the expiry: the browser has been silent that long. */
const silence = () => sleep(EXPIRY_S * 1000 + 300);
const openUploads = async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: "exp", Prefix: "team/" }))).Uploads?.map((u) => u.UploadId) ?? [];
const versionsOf = async (model: string) => (await bff.get("exp", model)).versions.map((v) => `v${v.version} ${v.state}`);

describe("abandoned uploads expire", () => {
  it("tells the browser how long it may stay silent", async () => {
    const s = await bff.start("exp", { model: "told", size: 10 }, "a@example.com");
    expect(s.expiresAfterIdleS).toBe(EXPIRY_S);
    await bff.deleteVersion("exp", "told", s.version);
  });

  it("reading the models list aborts an upload silent for the expiry and drops its uploading version", async () => {
    const s = await bff.start("exp", { model: "closed-tab", size: VALID.length }, "a@example.com");
    expect(await versionsOf("closed-tab")).toEqual(["v1 uploading"]);
    expect(await openUploads()).toContain(s.uploadId);

    await silence();
    const { models } = await bff.list("exp", { limit: 50 });
    expect(models.find((m) => m.name === "closed-tab")).toMatchObject({ versionCount: 0 });
    expect(await versionsOf("closed-tab")).toEqual([]);
    expect(await openUploads()).not.toContain(s.uploadId);
    // The browser that comes back is told what happened; the number is never reused.
    await expect(bff.sign("exp", { key: s.key, uploadId: s.uploadId, partNumbers: [1] })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("expired after 1 second without a word from its browser"),
    });
    // The audit log says the console gave the upload up, under the uploader's name.
    const { listAudit } = await import("@/server/console-store/audit-log");
    expect(listAudit({ limit: 10, resource: "exp/closed-tab" }).entries).toEqual([
      expect.objectContaining({ actor: "a@example.com", role: "console", action: "UploadModel", result: "aborted", detail: "upload of closed-tab v1 expired: its browser fell silent for 1 second" }),
    ]);
    expect((await bff.start("exp", { model: "closed-tab", size: 1 }, "a@example.com")).version).toBe(2);
    await bff.deleteVersion("exp", "closed-tab", 2);
  });

  it("keeps an upload whose browser keeps asking for part URLs (its heartbeat), and completes it", async () => {
    const s = await bff.start("exp", { model: "onnx-add", size: VALID.length }, "a@example.com");
    let url = "";
    for (let i = 0; i < 4; i++) {
      await sleep((EXPIRY_S * 1000) / 2);
      url = (await bff.sign("exp", { key: s.key, uploadId: s.uploadId, partNumbers: [1] })).parts[0]!.url;
      await bff.list("exp", { limit: 50 });
    }
    expect(await versionsOf("onnx-add")).toEqual(["v1 uploading"]);
    const put = await fetch(url, { method: "PUT", body: new Uint8Array(VALID) });
    const v = await bff.complete("exp", { key: s.key, uploadId: s.uploadId, parts: [{ partNumber: 1, etag: put.headers.get("etag")! }] }, "a@example.com");
    expect(v).toMatchObject({ version: 1, state: "ready" });
    await silence();
    await bff.list("exp", { limit: 50 });
    expect(await versionsOf("onnx-add")).toEqual(["v1 ready"]);
  });

  it("expires uploads on a timer in the console process too, with no models list read", async () => {
    const s = await bff.start("exp", { model: "nobody-looks", size: 10 }, "a@example.com");
    await vi.waitFor(async () => expect(await openUploads()).not.toContain(s.uploadId), { timeout: 10_000, interval: 200 });
    await vi.waitFor(async () => expect(await versionsOf("nobody-looks")).toEqual([]), { timeout: 10_000, interval: 200 });
  });

  it("expires, after a restart, the uploads an earlier console process left open, counting from the restart", async () => {
    const s = await bff.start("exp", { model: "before-restart", size: 10 }, "a@example.com");
    bff.stopSweeps();
    vi.resetModules();
    const restarted = await consoleProcess();
    // Nothing expires at once: the new process has not had the chance to hear from the browser.
    await restarted.list("exp", { limit: 50 });
    expect(await versionsOf("before-restart")).toEqual(["v1 uploading"]);
    await silence();
    await restarted.list("exp", { limit: 50 });
    expect(await versionsOf("before-restart")).toEqual([]);
    expect(await openUploads()).not.toContain(s.uploadId);
  });

  it("aborts the upload of a model whose head was removed meanwhile, and writes no new head", async () => {
    const s = await bff.start("exp", { model: "gone-model", size: 10 }, "a@example.com");
    const head = { Bucket: "exp", Key: "team/.mme-registry/gone-model/model.json" };
    await s3.send(new DeleteObjectCommand(head));
    await silence();
    await bff.list("exp", { limit: 50 });
    expect(await openUploads()).not.toContain(s.uploadId);
    await expect(s3.send(new HeadObjectCommand(head))).rejects.toMatchObject({ name: "NotFound" });
  });
});
