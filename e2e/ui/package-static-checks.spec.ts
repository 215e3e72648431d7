import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { seededRandom } from "../../test/support/triton/seeded-random";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

const FIXTURES = path.resolve("fixtures/models");

// onnx-add's config with random bytes where its model.onnx belongs: it passed as "loadable" before.
function randomBytesOnnxPackage(): Buffer {
  return Buffer.from(
    buildTarGz([
      { name: "onnx-add/config.pbtxt", data: fs.readFileSync(path.join(FIXTURES, "src", "onnx-add", "config.pbtxt")) },
      { name: "onnx-add/1/model.onnx", data: seededRandom(17).bytes(2048) },
    ]),
  );
}

test("the package preview refuses a model.onnx that is not ONNX, and flags a package identical to an earlier version", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `static-${Date.now().toString(36)}`;
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}/models`);

  // Random bytes named model.onnx: not loadable, naming the file; nothing is offered for upload.
  await page.getByTestId("package-input").setInputFiles({ name: "onnx-add.tar.gz", mimeType: "application/gzip", buffer: randomBytesOnnxPackage() });
  await expect(page.getByTestId("package-verdict")).toContainText("onnx-add.tar.gz would not load");
  await expect(page.getByTestId("package-errors")).toContainText("onnx-add/1/model.onnx is not an ONNX model");
  await expect(page.getByTestId("upload-button")).toHaveCount(0);

  // The good package: no warning the first time, uploaded as v1.
  await page.getByTestId("package-input").setInputFiles(path.join(FIXTURES, "onnx-add.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await expect(page.getByTestId("package-same-as")).toHaveCount(0);
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-done")).toContainText("onnx-add v1");

  // The same file again: a warning in words, and the upload is still offered.
  await page.getByTestId("package-input").setInputFiles(path.join(FIXTURES, "onnx-add.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await expect(page.getByTestId("package-same-as")).toContainText("Same as v1: onnx-add.tar.gz is byte-identical to onnx-add v1");
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-done")).toContainText("onnx-add v2");

  // The versions list says so too, from the server's record of the upload.
  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await expect(page.getByTestId("version-same-as-2")).toHaveText("same as v1");
  await expect(page.getByTestId("version-same-as-1")).toHaveCount(0);
});
