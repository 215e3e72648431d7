import fs from "node:fs";
import path from "node:path";
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

// The model registry against a real engine: S3 and SageMaker over HTTP through the console's SDK clients.
const FIXTURES = path.resolve("fixtures/models");
const VALID = fs.readFileSync(path.join(FIXTURES, "onnx-add.tar.gz"));
const BROKEN = fs.readFileSync(path.join(FIXTURES, "broken", "config-syntax.tar.gz"));
let engine: BffTestEngine;
let s3: S3Client;
let bff: {
  start: typeof import("./start-upload").startUpload;
  sign: typeof import("./sign-upload-parts").signUploadParts;
  complete: typeof import("./complete-upload").completeUpload;
  abort: typeof import("./abort-upload").abortUpload;
  list: typeof import("./list-models").listModels;
  get: typeof import("./get-model").getModel;
  setAlias: typeof import("./set-alias").setAlias;
  deleteAlias: typeof import("./set-alias").deleteAlias;
  deleteVersion: typeof import("./delete-version").deleteVersion;
};

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "reg" });
  ({ s3 } = engine);
  await engine.createMmeEndpoint("reg", "s3://reg/team/");
  bff = {
    start: (await import("./start-upload")).startUpload,
    sign: (await import("./sign-upload-parts")).signUploadParts,
    complete: (await import("./complete-upload")).completeUpload,
    abort: (await import("./abort-upload")).abortUpload,
    list: (await import("./list-models")).listModels,
    get: (await import("./get-model")).getModel,
    setAlias: (await import("./set-alias")).setAlias,
    deleteAlias: (await import("./set-alias")).deleteAlias,
    deleteVersion: (await import("./delete-version")).deleteVersion,
  };
});
afterAll(async () => engine?.close());

/** The browser's part of an upload: PUT the bytes to the presigned URL, keep the ETag. */
async function upload(model: string, bytes: Buffer, actor = "admin@example.com") {
  const session = await bff.start("reg", { model, size: bytes.length }, actor);
  const { parts } = await bff.sign("reg", { key: session.key, uploadId: session.uploadId, partNumbers: [1] });
  const res = await fetch(parts[0]!.url, { method: "PUT", body: new Uint8Array(bytes) });
  expect(res.status).toBe(200);
  const etag = res.headers.get("etag")!;
  return { session, done: () => bff.complete("reg", { key: session.key, uploadId: session.uploadId, parts: [{ partNumber: 1, etag }] }, actor) };
}

describe("model registry in S3", () => {
  it("uploads a package as an immutable version with its signature and sha256", async () => {
    const { session, done } = await upload("onnx-add", VALID);
    expect(session.key).toBe("team/onnx-add/v1.tar.gz");
    const v = await done();
    expect(v).toMatchObject({ version: 1, state: "ready", targetModel: "onnx-add/v1.tar.gz", framework: "onnx", size: VALID.length });
    expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);

    const detail = await bff.get("reg", "onnx-add");
    expect(detail.signature?.inputs.length).toBeGreaterThan(0);
    expect(detail.versions.map((x) => x.version)).toEqual([1]);
    const { models } = await bff.list("reg", { limit: 50 });
    expect(models).toEqual([expect.objectContaining({ name: "onnx-add", latestVersion: 1, versionCount: 1, framework: "onnx" })]);
  });

  it("gives concurrent uploaders distinct versions, and never reuses a number", async () => {
    const sessions = await Promise.all(Array.from({ length: 6 }, () => bff.start("reg", { model: "racy", size: VALID.length }, "a@example.com")));
    expect(new Set(sessions.map((s) => s.version)).size).toBe(6);
    for (const s of sessions) await bff.abort("reg", { key: s.key, uploadId: s.uploadId });
    const next = await bff.start("reg", { model: "racy", size: 1 }, "a@example.com");
    expect(next.version).toBe(7);
    // An abandoned upload can be discarded like a version: its multipart upload is aborted too,
    // and the console forgets it (a URL signed before still finds no upload in S3).
    const { parts } = await bff.sign("reg", { key: next.key, uploadId: next.uploadId, partNumbers: [1] });
    await bff.deleteVersion("reg", "racy", 7);
    expect((await fetch(parts[0]!.url, { method: "PUT", body: "x" })).status).toBe(404);
    await expect(bff.sign("reg", { key: next.key, uploadId: next.uploadId, partNumbers: [1] })).rejects.toMatchObject({ code: "not_found" });
    expect((await bff.get("reg", "racy")).versions).toEqual([]);
  });

  it("moves aliases, refuses to delete an aliased version, and keeps the history", async () => {
    await (await upload("onnx-add", VALID)).done(); // v2
    await bff.setAlias("reg", "onnx-add", "production", 1, "admin@example.com");
    await bff.setAlias("reg", "onnx-add", "production", 2, "admin@example.com");
    await expect(bff.deleteVersion("reg", "onnx-add", 2)).rejects.toMatchObject({ code: "conflict" });
    await expect(bff.setAlias("reg", "onnx-add", "staging", 99, "x")).rejects.toMatchObject({ code: "version_not_ready" });
    const detail = await bff.get("reg", "onnx-add");
    expect(detail.aliases).toEqual({ production: 2 });
    expect(detail.aliasHistory.map((h) => [h.from, h.to])).toEqual([
      [1, 2],
      [undefined, 1],
    ]);
    await bff.deleteVersion("reg", "onnx-add", 1);
    await expect(s3.send(new HeadObjectCommand({ Bucket: "reg", Key: "team/onnx-add/v1.tar.gz" }))).rejects.toMatchObject({ name: "NotFound" });
    await bff.deleteAlias("reg", "onnx-add", "production", "admin@example.com");
    await bff.deleteVersion("reg", "onnx-add", 2);
    expect((await (await upload("onnx-add", VALID)).done()).version).toBe(3);
  });

  it("refuses a package that would not load, and leaves nothing behind", async () => {
    const { session, done } = await upload("onnx-add", BROKEN);
    await expect(done()).rejects.toMatchObject({ code: "unprocessable" });
    await expect(s3.send(new HeadObjectCommand({ Bucket: "reg", Key: session.key }))).rejects.toMatchObject({ name: "NotFound" });
    const detail = await bff.get("reg", "onnx-add");
    expect(detail.versions.map((v) => v.version)).not.toContain(session.version);
  });

  it("never overwrites an artifact: completing onto an existing key is refused", async () => {
    const again = await upload("onnx-add", VALID);
    const v = await again.done();
    const key = `team/${v.targetModel}`;
    const before = await s3.send(new HeadObjectCommand({ Bucket: "reg", Key: key }));
    // A replayed completion of the same upload must not replace the stored version.
    await expect(again.done()).rejects.toThrow();
    const after = await s3.send(new HeadObjectCommand({ Bucket: "reg", Key: key }));
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified).toEqual(before.LastModified);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "reg", Prefix: `team/${v.targetModel}` }));
    expect(listed.KeyCount).toBe(1);
  });

  it("signs, completes and aborts only uploads this console started on that endpoint, at their own key", async () => {
    const session = await bff.start("reg", { model: "known", size: 1 }, "a@example.com");
    const ids = { key: session.key, uploadId: session.uploadId };
    const unknown = {
      code: "not_found",
      message: "This upload is not known to the console (it was completed, aborted, expired after 1 hour without a word from its browser, or never started here)",
    };
    await expect(bff.sign("reg", { ...ids, uploadId: "never-started", partNumbers: [1] })).rejects.toMatchObject(unknown);
    await expect(bff.sign("other-endpoint", { ...ids, partNumbers: [1] })).rejects.toMatchObject(unknown);
    await expect(bff.sign("reg", { ...ids, key: "team/known/v99.tar.gz", partNumbers: [1] })).rejects.toMatchObject({ code: "bad_request" });
    await expect(bff.complete("reg", { ...ids, key: "team/other/v1.tar.gz", parts: [{ partNumber: 1, etag: "x" }] }, "a@example.com")).rejects.toMatchObject({
      code: "bad_request",
    });
    await bff.abort("reg", ids);
    await expect(bff.sign("reg", { ...ids, partNumbers: [1] })).rejects.toMatchObject(unknown);
    await expect(bff.complete("reg", { ...ids, parts: [{ partNumber: 1, etag: "x" }] }, "a@example.com")).rejects.toMatchObject(unknown);
    await expect(bff.abort("reg", ids)).rejects.toMatchObject(unknown);
    expect((await bff.get("reg", "known")).versions).toEqual([]);
  });

  it("refuses a package whose model folder is not the model it is uploaded as", async () => {
    const { session, done } = await upload("other-name", VALID);
    await expect(done()).rejects.toThrow(/model folder is "onnx-add", not "other-name"/);
    await expect(s3.send(new HeadObjectCommand({ Bucket: "reg", Key: session.key }))).rejects.toMatchObject({ name: "NotFound" });
  });
});
