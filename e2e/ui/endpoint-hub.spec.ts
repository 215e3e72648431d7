import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { EndpointsPage } from "./endpoints-page";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

const value = (page: import("@playwright/test").Page, figure: string) => page.getByTestId(figure).getByTestId("figure-value");

test("the endpoint page is a hub: tabs and range in the URL, summary figures, copy buttons, and a first-model state", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await signInAs(page, "admin");
  const api = consoleApi(page);
  const name = `hub-${Date.now().toString(36)}`;
  await createServingEndpoint(api, name);

  await page.goto(`/endpoints/${name}?range=3h`);
  await expect(page.getByTestId("endpoint-title")).toContainText(name);
  await expect(page.getByTestId("endpoint-title").getByTestId("status-badge")).toHaveText("InService");
  await expect(page.getByTestId("overview-link")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("range-3h")).toHaveAttribute("aria-pressed", "true");

  // A new endpoint: nothing to chart yet, so the next step instead.
  await expect(value(page, "summary-models")).toHaveText("0");
  await expect(value(page, "summary-invocations")).toHaveText("0");
  await expect(value(page, "summary-instances")).toHaveText("1 × ml.g5.xlarge");
  await expect(page.getByTestId("first-model")).toContainText("Upload your first model");
  await expect(page.getByTestId("first-model-link")).toHaveAttribute("href", `/endpoints/${name}/models#upload`);

  // Copy buttons put the exact values on the clipboard.
  const arn = `arn:aws:sagemaker:us-east-1:000000000000:endpoint/${name}`;
  await expect(page.getByTestId("endpoint-arn")).toHaveText(arn);
  await page.getByTestId("copy-arn").click();
  await expect(page.getByTestId("copy-arn")).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(arn);
  await page.getByTestId("copy-model-data-url").click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`s3://mme-models/${name}/`);

  // Tabs are pages; the range goes with them.
  await page.getByTestId("metrics-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}/metrics\\?range=3h$`));
  await expect(page.getByTestId("metrics-link")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("overview-link")).not.toHaveAttribute("aria-current", "page");
  await page.getByTestId("history-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}/history\\?range=3h$`));
  await expect(page.getByTestId("endpoint-history")).toContainText("CreateEndpoint");
  await expect(page.getByTestId("endpoint-history")).toContainText("by admin@example.com");
  await page.getByTestId("models-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}/models\\?range=3h$`));
  await page.getByTestId("overview-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}\\?range=3h$`));

  // A model and an invocation later, the figures say so; a range picked on the overview stays in the URL.
  expect(await uploadPackage(page, name, "onnx-add", fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")))).toBe(1);
  const input = (n: string) => ({ name: n, shape: [1, 4], datatype: "FP32", data: [0, 1, 2, 3] });
  const invoked = await api.post(`/api/endpoints/${name}/invoke`, { model: "onnx-add", version: 1, request: { inputs: [input("INPUT0"), input("INPUT1")] } });
  expect(invoked.status(), await invoked.text()).toBe(200);
  await page.getByTestId("range-1d").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}\\?range=1d$`));
  await page.reload();
  await expect(page.getByTestId("range-1d")).toHaveAttribute("aria-pressed", "true");
  await expect(value(page, "summary-models")).toHaveText("1");
  // Its verification's two requests and this one.
  await expect(value(page, "summary-invocations")).toHaveText("3");
  await expect(value(page, "summary-hit-ratio")).toHaveText(/%$/);
  await expect(value(page, "summary-p99")).toHaveText(/s$/);
  await expect(page.getByTestId("first-model")).toHaveCount(0);
  await context.close();
});

test("delete sits in the Actions menu; Cancel forgets the typed name; a toast says the endpoint is deleted", async ({ page }) => {
  await signInAs(page, "admin");
  const name = `menu-${Date.now().toString(36)}`;
  await createServingEndpoint(consoleApi(page), name);
  await page.goto(`/endpoints/${name}`);
  // The menu focuses its first enabled item when it opens: Delete is enabled once the endpoint has
  // loaded (InService) and the session says admin (the Invoke link shows the session is in).
  await expect(page.getByTestId("endpoint-title").getByTestId("status-badge")).toHaveText("InService");
  await expect(page.getByTestId("playground-link")).toBeVisible();

  const actions = page.getByTestId("endpoint-actions");
  const del = page.getByTestId("delete-endpoint");
  await expect(del).toBeHidden();
  await actions.click();
  await expect(actions).toHaveAttribute("aria-expanded", "true");
  await expect(del).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(del).toBeHidden();
  await expect(actions).toBeFocused();

  await actions.click();
  await del.click();
  await page.getByTestId("confirm-name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  // Opened again, it asks for the name again: nothing typed before Cancel is kept.
  await actions.click();
  await del.click();
  await expect(page.getByTestId("confirm-name")).toHaveValue("");
  await expect(page.getByTestId("confirm-button")).toBeDisabled();

  await page.getByTestId("confirm-name").fill(name);
  await page.getByTestId("confirm-button").click();
  await expect(page).toHaveURL(/\/endpoints$/);
  await expect(page.getByTestId("toast").filter({ hasText: `Endpoint ${name} deleted` })).toBeVisible();
});

test("creating an endpoint and changing its instance count each end with a toast", async ({ page }) => {
  await signInAs(page, "admin");
  const ep = new EndpointsPage(page);
  const name = `toast-${Date.now().toString(36)}`;
  await ep.openCreateForm();
  await ep.fillCreateForm({ name });
  await ep.submitCreate();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}$`));
  await expect(page.getByTestId("toast").filter({ hasText: `Endpoint ${name} created` })).toBeVisible();
  await ep.expectStatus("InService");

  await page.getByTestId("instance-count-input").fill("2");
  await page.getByTestId("instance-count-save").click();
  await expect(page.getByTestId("toast").filter({ hasText: `Endpoint ${name} updated` })).toContainText("2 instances");
  // A toast can be dismissed before it goes by itself.
  await page.getByTestId("toast").filter({ hasText: `Endpoint ${name} updated` }).getByRole("button", { name: "Dismiss notification" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Endpoint ${name} updated` })).toHaveCount(0);
});

test("a viewer sees the hub with Delete disabled in the menu, saying why", async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  const name = `hubv-${Date.now().toString(36)}`;
  expect((await consoleApi(adminPage).post("/api/endpoints", endpointInput(name))).status()).toBe(201);

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "viewer", `/endpoints/${name}`);
  await page.getByTestId("endpoint-actions").click();
  await expect(page.getByTestId("delete-endpoint")).toBeDisabled();
  await expect(page.getByTestId("delete-endpoint")).toHaveAttribute("title", "Only admins can delete endpoints");
  await expect(page.getByTestId("first-model")).toContainText("No models yet");
});
