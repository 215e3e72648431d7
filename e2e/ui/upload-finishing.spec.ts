import path from "node:path";
import { expect, test, type Route } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

// Cancel at 100 % did nothing visible and the version was created anyway: once every part is
// stored the console is completing the upload, which Cancel cannot undo, and the page says so.
test("once every byte is sent, the upload says it is finishing and can no longer be cancelled", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `finishing-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  expect((await api.post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}/models`);

  // Hold the completion request until the page has been looked at.
  let held: Route | undefined;
  await page.route("**/api/endpoints/*/uploads/complete", (route) => {
    held = route;
  });
  await page.getByTestId("package-input").setInputFiles(path.resolve("fixtures/models/onnx-add.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await page.getByTestId("upload-button").click();

  await expect(page.getByTestId("upload-finishing")).toContainText("Finishing: S3 is joining the parts and the console is checking the package");
  await expect(page.getByTestId("upload-finishing")).toContainText("can no longer be cancelled");
  await expect(page.getByTestId("upload-cancel")).toBeDisabled();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  await expect.poll(() => held !== undefined).toBe(true);
  await held!.continue();
  await expect(page.getByTestId("upload-done")).toContainText("onnx-add v1");
});
