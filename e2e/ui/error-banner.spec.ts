import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

test("a model's refusal is one sentence a person can act on, its codes and logs folded away, with no CloudWatch link for the local engine", async ({ page }) => {
  const endpoint = `err-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  await createServingEndpoint(consoleApi(page), endpoint);
  expect(await uploadPackage(page, endpoint, "onnx-add", fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")))).toBe(1);

  await page.goto(`/playground?endpoint=${endpoint}`);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-add");
  await page.getByTestId("pg-toggle-raw").click();
  const raw = JSON.parse(await page.getByTestId("pg-raw").inputValue());
  raw.inputs[0].name = "NOT_AN_INPUT";
  await page.getByTestId("pg-raw").fill(JSON.stringify(raw));
  await page.getByTestId("pg-send").click();

  const banner = page.getByTestId("error-banner");
  const sentence = banner.getByTestId("error-sentence");
  await expect(sentence).toHaveText("The model refused the request: unexpected inference input 'NOT_AN_INPUT' for model 'onnx-add/v1.tar.gz'; its inputs are 'INPUT0', 'INPUT1'.");
  // None of SageMaker's wrapping: no JSON inside a string, no log link, no account.
  await expect(sentence).not.toContainText("{");
  await expect(sentence).not.toContainText("000000000000");
  await expect(sentence).not.toContainText("https://");

  // The raw material is there, folded: closed until asked for.
  const details = banner.getByTestId("error-details");
  await expect(details).not.toHaveAttribute("open");
  await expect(details.getByText("ModelError (HTTP 424)")).toBeHidden();
  await details.getByText("Details").click();
  await expect(details.getByText("ModelError (HTTP 424)")).toBeVisible();
  await expect(details.getByText("400 from primary")).toBeVisible();
  // The local engine's account has no CloudWatch: its logs are the engine's own output, not a link.
  await expect(details.getByText("The local engine's own output (it keeps no CloudWatch logs)")).toBeVisible();
  await expect(banner.locator("a")).toHaveCount(0);
});

test("the delete dialog forgets what was typed when it is cancelled or escaped", async ({ page }) => {
  const endpoint = `dlg-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(endpoint))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}`);

  const openDialog = async () => {
    await page.getByTestId("endpoint-actions").click();
    await page.getByTestId("delete-endpoint").click();
    await expect(page.getByRole("dialog", { name: `Delete endpoint ${endpoint}?` })).toBeVisible();
  };
  await openDialog();
  await page.getByTestId("confirm-name").fill(endpoint);
  await expect(page.getByTestId("confirm-button")).toBeEnabled();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();

  await openDialog();
  await expect(page.getByTestId("confirm-name")).toHaveValue("");
  await expect(page.getByTestId("confirm-button")).toBeDisabled();
  await page.getByTestId("confirm-name").fill(endpoint);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();

  await openDialog();
  await expect(page.getByTestId("confirm-name")).toHaveValue("");
  await expect(page.getByTestId("confirm-button")).toBeDisabled();
});
