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

test("the playground refuses a shape it cannot send, in words, sends nothing, and shows one problem at a time", async ({ page }) => {
  const endpoint = `shp-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  await createServingEndpoint(consoleApi(page), endpoint);
  expect(await uploadPackage(page, endpoint, "onnx-add", fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")))).toBe(1);
  const invokes: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith(`/api/endpoints/${endpoint}/invoke`)) invokes.push(r.url());
  });
  await page.goto(`/playground?endpoint=${endpoint}`);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-add");

  // First an invocation the model refuses: its banner is on screen.
  await page.getByTestId("pg-toggle-raw").click();
  const raw = JSON.parse(await page.getByTestId("pg-raw").inputValue());
  raw.inputs[0].name = "NOT_AN_INPUT";
  await page.getByTestId("pg-raw").fill(JSON.stringify(raw));
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("error-banner")).toBeVisible();
  expect(invokes).toHaveLength(1);

  // Raw JSON that is no v2 request: a sentence naming the place, never zod's issue array; the old banner is gone.
  raw.inputs[0].name = "INPUT0";
  raw.inputs[0].shape = [1, 1.5];
  await page.getByTestId("pg-raw").fill(JSON.stringify(raw));
  await page.getByTestId("pg-send").click();
  const problem = page.getByTestId("pg-form-error");
  await expect(problem).toContainText("inputs[0].shape[1] must be a whole number");
  await expect(problem).not.toContainText("[{");
  await expect(problem).not.toContainText('"code"');
  await expect(page.getByTestId("error-banner")).toHaveCount(0);

  // The form: "2,x" stays as typed, is refused on Invoke and marked; nothing is sent.
  await page.getByTestId("pg-toggle-raw").click();
  const shape = page.getByLabel("INPUT0 shape");
  await shape.fill("2,x");
  await expect(shape).toHaveValue("2,x");
  await expect(page.getByTestId("pg-input-INPUT0").getByRole("button", { name: "random" })).toBeDisabled();
  await page.getByTestId("pg-send").click();
  await expect(problem).toHaveText('INPUT0: shape "2,x": "x" is not a whole number');
  await expect(shape).toHaveAttribute("aria-invalid", "true");
  await shape.fill("2,0");
  await page.getByTestId("pg-send").click();
  await expect(problem).toHaveText('INPUT0: shape "2,0": every dimension must be at least 1');
  await shape.fill("1,3");
  await page.getByTestId("pg-send").click();
  await expect(problem).toHaveText("INPUT0: dimension 2 is 4 in the model's signature, not 3");
  expect(invokes).toHaveLength(1);

  // A good shape: the values follow it, the invocation goes out and the problem is gone.
  await shape.fill("2,4");
  await page.getByTestId("pg-input-INPUT0").getByRole("button", { name: "example" }).click();
  await page.getByLabel("INPUT1 shape").fill("2,4");
  await page.getByTestId("pg-input-INPUT1").getByRole("button", { name: "example" }).click();
  await page.getByTestId("pg-send").click();
  // onnx-add: 0..7 + 0..7, two rows of four.
  await expect(page.getByTestId("output-OUTPUT0")).toContainText("[2, 4]");
  await expect(page.getByTestId("output-OUTPUT0").getByTestId("output-data")).toContainText("14");
  await expect(problem).toHaveCount(0);
  expect(invokes).toHaveLength(2);
});

test("the create form says what is wrong in words and shows one problem at a time", async ({ page }) => {
  const taken = `dup-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(taken))).status()).toBe(201);
  await page.goto("/endpoints/new");
  await page.locator("#name").fill(taken);
  await page.locator("#instanceCount").fill("1.5");
  await page.getByTestId("create-endpoint-submit").click();
  await expect(page.getByTestId("error-instanceCount")).toHaveText("Must be a whole number.");

  // SageMaker refuses the taken name: its banner; then a problem the form finds replaces it.
  await page.locator("#instanceCount").fill("1");
  await page.getByTestId("create-endpoint-submit").click();
  await expect(page.getByTestId("error-banner")).toBeVisible();
  await page.locator("#name").fill("");
  await page.getByTestId("create-endpoint-submit").click();
  await expect(page.getByTestId("error-name")).toBeVisible();
  await expect(page.getByTestId("error-banner")).toHaveCount(0);
});
