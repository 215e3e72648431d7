import { expect, test } from "@playwright/test";
import { signInAs } from "../support/auth";
import { EndpointsPage } from "./endpoints-page";

test("an admin creates an endpoint from the form, watches it reach InService, changes its instance count, deletes it", async ({ page }) => {
  await signInAs(page, "admin");
  const ep = new EndpointsPage(page);
  const name = `e2e-${Date.now().toString(36)}`;

  await ep.openCreateForm();
  // The form offers GPU types with their GPU and memory.
  await expect(page.getByLabel("Instance type").locator("option", { hasText: "ml.g5.2xlarge — 1× NVIDIA A10G (24 GiB)" })).toHaveCount(1);
  await expect(page.getByLabel("Instance type").locator("option", { hasText: "ml.p4d.24xlarge" })).toHaveCount(0);
  await ep.fillCreateForm({ name, instanceType: "ml.g5.2xlarge", instanceCount: 1 });
  await ep.submitCreate();

  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}$`));
  await ep.expectStatus("Creating");
  await ep.expectStatus("InService");
  await expect(page.getByTestId("current-instance-count")).toHaveText("1");
  await expect(page.getByTestId("model-data-url")).toHaveText("s3://mme-models/");
  await expect(page.getByTestId("instance-type")).toHaveText("ml.g5.2xlarge");

  await page.getByTestId("instance-count-input").fill("2");
  await page.getByTestId("instance-count-save").click();
  await ep.expectStatus("Updating");
  await ep.expectStatus("InService");
  await expect(page.getByTestId("current-instance-count")).toHaveText("2");
  // The endpoint page is a hub: its history has a tab of its own.
  await page.getByTestId("history-link").click();
  const history = page.getByTestId("endpoint-history");
  await expect(history).toContainText("UpdateEndpoint");
  await expect(history).toContainText("CreateEndpoint");
  await expect(history).toContainText("by admin@example.com");

  // The list shows it, and finds it by search.
  await page.goto("/endpoints");
  await page.getByTestId("endpoint-search").fill(name);
  await expect(ep.row(name).getByTestId("status-badge")).toHaveText("InService");

  await ep.row(name).getByRole("link", { name }).click();
  // Delete sits in the page's Actions menu.
  await page.getByTestId("endpoint-actions").click();
  await page.getByTestId("delete-endpoint").click();
  const confirm = page.getByTestId("confirm-button");
  await expect(confirm).toBeDisabled();
  await page.getByTestId("confirm-name").fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/endpoints$/);
  await expect(ep.row(name)).toHaveCount(0, { timeout: 20_000 });

  // Every change is in the audit log, with who made it.
  await page.getByRole("link", { name: "Audit log" }).click();
  const audit = page.getByTestId("audit-table");
  for (const action of ["UpdateEndpoint", "DeleteEndpoint"]) {
    const row = audit.locator("tr", { hasText: action }).filter({ hasText: `/api/endpoints/${name}` });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("admin@example.com");
    await expect(row).toContainText("ok");
  }
  await expect(audit.locator("tr", { hasText: "CreateEndpoint" }).first()).toContainText("admin@example.com");
});

test("the form explains invalid input, and shows SageMaker's own error for a duplicate", async ({ page }) => {
  await signInAs(page, "admin");
  const ep = new EndpointsPage(page);
  await ep.openCreateForm();
  await ep.fillCreateForm({ name: "bad_name!" });
  await page.getByLabel("Model data prefix (S3)").fill("not-s3");
  await ep.submitCreate();
  await expect(page.getByTestId("error-name")).toContainText("Letters, digits and hyphens");
  await expect(page.getByTestId("error-modelDataUrl")).toContainText("S3 prefix");

  const name = `dup-${Date.now().toString(36)}`;
  await ep.fillCreateForm({ name });
  await page.getByLabel("Model data prefix (S3)").fill("s3://mme-models/");
  await ep.submitCreate();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}$`));

  await ep.openCreateForm();
  await ep.fillCreateForm({ name });
  await ep.submitCreate();
  const banner = page.getByTestId("error-banner");
  await expect(banner).toContainText("Cannot create already existing");
  await expect(banner).toContainText("ValidationException");
});
