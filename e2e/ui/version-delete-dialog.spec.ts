import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { uploadPackage } from "../support/upload-package";

const ONNX_ADD = new Uint8Array(fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")));

// Deleting a version asked through the browser's own confirm(); now the console's dialog asks.
test("deleting a version asks in the console's dialog, which can be cancelled", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `vdelete-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  expect((await api.post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await uploadPackage(page, endpoint, "onnx-add", ONNX_ADD);
  await uploadPackage(page, endpoint, "onnx-add", ONNX_ADD);
  let nativeDialogs = 0;
  page.on("dialog", (d) => {
    nativeDialogs++;
    void d.dismiss();
  });

  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await page.getByTestId("delete-version-1").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Delete onnx-add v1?");
  await expect(dialog).toContainText("onnx-add/v1.tar.gz");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("version-row-1")).toBeVisible();

  await page.getByTestId("delete-version-1").click();
  await expect(dialog).toBeVisible();
  await page.getByTestId("confirm-button").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("version-row-1")).toHaveCount(0);
  await expect(page.getByTestId("version-row-2")).toBeVisible();
  expect(nativeDialogs).toBe(0);
  expect((await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json()).versions.map((v: { version: number }) => v.version)).toEqual([2]);
});
