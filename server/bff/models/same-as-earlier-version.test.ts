import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { packageFromSource } from "@/test/support/engine/model-packages";

// A re-upload of the same bytes is recorded as "same as vN" when the upload completes, against a real engine's S3.
const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
let engine: BffTestEngine;
let bff: {
  start: typeof import("./start-upload").startUpload;
  sign: typeof import("./sign-upload-parts").signUploadParts;
  complete: typeof import("./complete-upload").completeUpload;
  get: typeof import("./get-model").getModel;
};

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: "same" });
  await engine.createMmeEndpoint("same", "s3://same/models/");
  bff = {
    start: (await import("./start-upload")).startUpload,
    sign: (await import("./sign-upload-parts")).signUploadParts,
    complete: (await import("./complete-upload")).completeUpload,
    get: (await import("./get-model")).getModel,
  };
});
afterAll(async () => engine?.close());

/** The browser's part and the completion: one part PUT to its presigned URL. */
async function upload(bytes: Uint8Array) {
  const session = await bff.start("same", { model: "onnx-add", size: bytes.length }, "admin@example.com");
  const { parts } = await bff.sign("same", { key: session.key, uploadId: session.uploadId, partNumbers: [1] });
  const res = await fetch(parts[0]!.url, { method: "PUT", body: new Uint8Array(bytes) });
  expect(res.status).toBe(200);
  return bff.complete("same", { key: session.key, uploadId: session.uploadId, parts: [{ partNumber: 1, etag: res.headers.get("etag")! }] }, "admin@example.com");
}

describe("a version byte-identical to an earlier one", () => {
  it("is kept, with sameAs naming the newest identical earlier version; different bytes get none", async () => {
    const v1 = await upload(VALID);
    expect(v1.sameAs).toBeUndefined();
    const v2 = await upload(VALID);
    expect(v2).toMatchObject({ version: 2, state: "ready", sameAs: 1 });
    const other = packageFromSource("onnx-add", { files: { "1/notes.txt": "retrained" } });
    const v3 = await upload(other);
    expect(v3.sameAs).toBeUndefined();
    const v4 = await upload(VALID);
    expect(v4.sameAs).toBe(2);

    const detail = await bff.get("same", "onnx-add");
    expect(detail.versions.map((v) => [v.version, v.sameAs])).toEqual([
      [4, 2],
      [3, undefined],
      [2, 1],
      [1, undefined],
    ]);
  });
});
