import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

const SRC = path.resolve("fixtures/models/src/onnx-add");

/** onnx-add under another model folder name (the config's own name follows it). */
function onnxAddAs(model: string): Uint8Array {
  const config = fs.readFileSync(path.join(SRC, "config.pbtxt"), "utf8").replace(`name: "onnx-add"`, `name: "${model}"`);
  return buildTarGz([
    { name: `${model}/config.pbtxt`, data: config },
    { name: `${model}/1/model.onnx`, data: fs.readFileSync(path.join(SRC, "1", "model.onnx")) },
  ]);
}

test("a new endpoint's models page offers to upload the first model", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `firstmodel-${Date.now().toString(36)}`;
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}/models`);

  const empty = page.getByTestId("models-empty");
  await expect(empty).toContainText("No models yet");
  await expect(empty).toContainText("Upload your first model: a Triton model package");
  await expect(page.getByTestId("models-table")).toHaveCount(0);
  await page.getByTestId("upload-first-model").click();
  await expect(page).toHaveURL(/#upload$/);
  await expect(page.getByTestId("drop-zone")).toBeInViewport();
});

test("the models table keeps its columns in place: long names are cut, many aliases fold into +N", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `modelstable-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  // InService before the uploads, so that they verify: an alias goes only to a verified version.
  await createServingEndpoint(api, endpoint);
  const long = `a-model-with-a-rather-long-name-as-teams-make-them-${"x".repeat(30)}`;
  await uploadPackage(page, endpoint, long, onnxAddAs(long));
  await uploadPackage(page, endpoint, "onnx-add", onnxAddAs("onnx-add"));
  for (const alias of ["production", "staging", "canary", "shadow", "rollback"]) {
    expect((await api.put(`/api/endpoints/${endpoint}/models/onnx-add/aliases/${alias}`, { version: 1 })).status()).toBe(200);
  }

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/endpoints/${endpoint}/models`);
  const row = page.getByTestId("model-row-onnx-add");
  // Two chips (A to Z), the other three behind "+3", listed in its title and shown when pressed.
  await expect(row.getByTestId("alias-canary")).toHaveText("canary → v1");
  await expect(row.getByTestId("alias-production")).toHaveText("production → v1");
  await expect(row.getByTestId("alias-staging")).toHaveCount(0);
  const more = row.getByTestId("aliases-more");
  await expect(more).toHaveText("+3");
  await expect(more).toHaveAttribute("title", "rollback → v1, shadow → v1, staging → v1");
  await more.click();
  await expect(row.getByTestId("alias-staging")).toBeVisible();
  await expect(row.getByTestId("alias-shadow")).toBeVisible();
  await expect(more).toHaveText("less");

  // The long name is cut in its cell (whole in its title), and the table does not overflow its card.
  const nameCell = page.getByTestId(`model-row-${long}`).locator("td").first();
  await expect(nameCell).toHaveAttribute("title", long);
  const overflow = await page.getByTestId("models-table").evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);
  expect(overflow).toBe(0);
  const cut = await nameCell.evaluate((td) => td.scrollWidth > td.clientWidth);
  expect(cut).toBe(true);
});
