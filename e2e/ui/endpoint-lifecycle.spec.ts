import { expect, test } from "@playwright/test";
import { EndpointsPage } from "./endpoints-page";

test("create an endpoint from the form, watch it reach InService, change its instance count, delete it", async ({ page }) => {
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
  const history = page.getByTestId("endpoint-history");
  await expect(history).toContainText("UpdateEndpoint");
  await expect(history).toContainText("CreateEndpoint");

  // The list shows it, and finds it by search.
  await page.goto("/endpoints");
  await page.getByTestId("endpoint-search").fill(name);
  await expect(ep.row(name).getByTestId("status-badge")).toHaveText("InService");

  await ep.row(name).getByRole("link", { name }).click();
  await page.getByTestId("delete-endpoint").click();
  const confirm = page.getByTestId("confirm-button");
  await expect(confirm).toBeDisabled();
  await page.getByTestId("confirm-name").fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/endpoints$/);
  await expect(ep.row(name)).toHaveCount(0, { timeout: 20_000 });
});

test("the form explains invalid input, and shows SageMaker's own error for a duplicate", async ({ page }) => {
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
