import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

const SRC = path.resolve("fixtures/models/src/onnx-add");

// onnx-add with its output declared as TYPE_FLOAT32, a type Triton does not have (TYPE_FP32 is).
function packageWithUnknownOutputType(): Buffer {
  const config = fs.readFileSync(path.join(SRC, "config.pbtxt"), "utf8").replace(`{ name: "OUTPUT0", data_type: TYPE_FP32`, `{ name: "OUTPUT0", data_type: TYPE_FLOAT32`);
  expect(config).toContain("TYPE_FLOAT32");
  return Buffer.from(
    buildTarGz([
      { name: "onnx-add/config.pbtxt", data: config },
      { name: "onnx-add/1/model.onnx", data: fs.readFileSync(path.join(SRC, "1", "model.onnx")) },
    ]),
  );
}

// The preview showed that output's type as "1" (a count of errors), not what the config said.
test("the package preview shows a data type Triton does not know as written, beside the error naming it", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `preview-${Date.now().toString(36)}`;
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}/models`);

  await page.getByTestId("package-input").setInputFiles({ name: "onnx-add.tar.gz", mimeType: "application/gzip", buffer: packageWithUnknownOutputType() });
  await expect(page.getByTestId("package-verdict")).toContainText("would not load");
  await expect(page.getByTestId("package-errors")).toContainText(`unknown data type "TYPE_FLOAT32" for "data_type"`);
  await expect(page.getByTestId("tensor-type-output-OUTPUT0")).toHaveText("TYPE_FLOAT32 (unknown type)");
  await expect(page.getByTestId("tensor-type-input-INPUT0")).toHaveText("TYPE_FP32");
  await expect(page.getByTestId("upload-button")).toHaveCount(0);
});
