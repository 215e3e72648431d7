import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

const FIXTURES = path.resolve("fixtures/models");

test("an admin uploads a package and sees its version; a broken one shows its report; an alias moves", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `models-${Date.now().toString(36)}`;
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);

  await page.goto(`/endpoints/${endpoint}`);
  // InService before the uploads, so that they verify: an alias goes only to a verified version
  // (CI once uploaded v1 while the endpoint was still Creating, and the move stayed refused).
  await expect(page.getByTestId("endpoint-title").getByTestId("status-badge")).toHaveText("InService");
  await page.getByTestId("models-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${endpoint}/models$`));
  await expect(page.getByText("No models yet")).toBeVisible();

  // A broken package: the browser's check shows why, and nothing is offered for upload.
  await page.getByTestId("package-input").setInputFiles(path.join(FIXTURES, "broken", "config-syntax.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("would not load");
  await expect(page.getByTestId("package-errors")).toContainText("config.pbtxt");
  await expect(page.getByTestId("upload-button")).toHaveCount(0);

  // A valid one: the report, then a direct multipart upload to S3, then the version in the table.
  for (const expected of [1, 2]) {
    await page.getByTestId("package-input").setInputFiles(path.join(FIXTURES, "onnx-add.tar.gz"));
    await expect(page.getByTestId("package-verdict")).toContainText("loadable");
    await expect(page.getByTestId("package-model-name")).toHaveText("onnx-add");
    await page.getByTestId("upload-button").click();
    await expect(page.getByTestId("upload-done")).toContainText(`onnx-add v${expected}`);
    await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-latest")).toContainText(`v${expected}`);
  }

  await page.getByTestId("model-row-onnx-add").getByRole("link", { name: "onnx-add" }).click();
  await expect(page.getByTestId("model-title")).toContainText("onnx-add");
  await expect(page.getByTestId("signature-table")).toContainText("TYPE_FP32");
  await expect(page.getByTestId("version-row-1")).toBeVisible();
  await expect(page.getByTestId("version-row-2")).toBeVisible();

  // The form opens the move dialog, which warms the version on the endpoint first (its default) and reports it.
  await page.getByTestId("alias-name").fill("production");
  await page.getByTestId("alias-version").selectOption("1");
  await page.getByTestId("alias-save").click();
  await page.getByTestId("move-confirm").click();
  await expect(page.getByTestId("move-done")).toHaveText("production now points at v1.");
  await expect(page.getByTestId("warm-instance")).toHaveCount(1);
  await page.getByTestId("move-close").click();
  await expect(page.getByTestId("model-title").getByTestId("alias-production")).toHaveText("production → v1");
  await expect(page.getByTestId("delete-version-1")).toBeDisabled();

  await page.getByTestId("alias-version").selectOption("2");
  await page.getByTestId("alias-save").click();
  await page.getByTestId("move-warm").uncheck();
  await page.getByTestId("move-confirm").click();
  await expect(page.getByTestId("model-title").getByTestId("alias-production")).toHaveText("production → v2");
  await expect(page.getByTestId("alias-history")).toContainText("production v1 → v2 by admin@example.com");
  await expect(page.getByTestId("delete-version-1")).toBeEnabled();
});
