import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi } from "./auth";
import { createServingEndpoint } from "./serving-endpoint";
import { uploadPackage } from "./upload-package";

const TWO_VERSIONS = path.resolve("fixtures/models/src/onnx-two-versions");

/** onnx-two-versions as one console version: its Triton version 1 adds, version 2 subtracts. */
export function twoVersionsPackage(tritonVersion: 1 | 2): Uint8Array {
  const config = fs.readFileSync(path.join(TWO_VERSIONS, "config.pbtxt"), "utf8").replace(/version_policy: \{ all \{ \} \}\n/, "");
  return buildTarGz([
    { name: "onnx-two-versions/", type: "dir" },
    { name: "onnx-two-versions/config.pbtxt", data: config },
    { name: "onnx-two-versions/1/", type: "dir" },
    { name: "onnx-two-versions/1/model.onnx", data: fs.readFileSync(path.join(TWO_VERSIONS, String(tritonVersion), "model.onnx")) },
  ]);
}

/**
 * An InService endpoint (made by the signed-in admin `adminPage`) holding onnx-two-versions v1
 * (adds; the production alias) and v2 (subtracts), and, unless told otherwise, onnx-add v1, which
 * sorts first and so is the playground's default model.
 */
export async function playgroundEndpoint(adminPage: Page, endpoint: string, opts: { withOnnxAdd?: boolean } = {}): Promise<void> {
  const admin = consoleApi(adminPage);
  await createServingEndpoint(admin, endpoint);
  expect(await uploadPackage(adminPage, endpoint, "onnx-two-versions", twoVersionsPackage(1))).toBe(1);
  expect(await uploadPackage(adminPage, endpoint, "onnx-two-versions", twoVersionsPackage(2))).toBe(2);
  expect((await admin.put(`/api/endpoints/${endpoint}/models/onnx-two-versions/aliases/production`, { version: 1 })).status()).toBe(200);
  if (opts.withOnnxAdd ?? true) {
    expect(await uploadPackage(adminPage, endpoint, "onnx-add", new Uint8Array(fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"))))).toBe(1);
  }
}
