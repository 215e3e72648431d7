import path from "node:path";
import { expect, test } from "@playwright/test";
import { configMismatchPackage } from "../../test/support/bff/verification-packages";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";

// Every new version is loaded and invoked once on its endpoint right after its upload; the
// versions list and the models table show the outcome, and Verify runs it again.
test("an uploaded version is verified with its load time; one that cannot load fails in a sentence; Verify re-runs it", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `verify-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  await page.goto(`/endpoints/${endpoint}/models`);

  await page.getByTestId("package-input").setInputFiles(path.resolve("fixtures/models/onnx-add.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-done")).toContainText("onnx-add v1");
  const latest = page.getByTestId("model-row-onnx-add").getByTestId("model-latest-verification");
  await expect(latest).toHaveText("verified");
  await expect(latest).toHaveAttribute("title", /^Loaded in \d+(\.\d)? m?s, then answered in /);

  // Same model, a package the browser's check accepts (a real ONNX graph) but Triton refuses to
  // load: its config.pbtxt names an input the graph does not have.
  await page.getByTestId("package-input").setInputFiles({ name: "onnx-add.tar.gz", mimeType: "application/gzip", buffer: Buffer.from(configMismatchPackage("onnx-add")) });
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-done")).toContainText("onnx-add v2");
  await expect(latest).toHaveText("failed");

  await page.getByTestId("model-row-onnx-add").getByRole("link", { name: "onnx-add" }).click();
  const v1 = page.getByTestId("verification-1");
  await expect(v1).toHaveText(/^verified · \d+(\.\d)? m?s$/);
  await expect(v1).toHaveAttribute("title", /^Loaded in .+, then answered in .+\. Outputs OUTPUT0 \[1, 4\]\./);
  await expect(page.getByTestId("verification-2")).toHaveText("failed");
  await expect(page.getByTestId("verification-detail-2")).toHaveText(/^The model onnx-add\/v2\.tar\.gz could not be loaded: config\.pbtxt names input 'INPUT9'/);

  // Verify again: v1 is resident now, so its first call is no cold load.
  await page.getByTestId("verify-version-1").click();
  await expect(v1).toHaveAttribute("title", /^Already loaded; first call in /);
  const rerun = page.waitForResponse((r) => r.url().endsWith("/versions/2/verify") && r.request().method() === "POST");
  await page.getByTestId("verify-version-2").click();
  expect((await rerun).status()).toBe(200);
  await expect(page.getByTestId("verify-version-2")).toHaveText("verify");
  await expect(page.getByTestId("verification-2")).toHaveText("failed");

  const audit = (await (await api.get(`/api/audit?resource=${endpoint}&limit=50`)).json()) as { entries: { action: string; detail?: string }[] };
  const details = audit.entries.filter((e) => e.action === "VerifyVersion").map((e) => e.detail);
  expect(details).toContainEqual(expect.stringMatching(/^verified v1: already loaded, first call in .+, answered in .+$/));
  expect(details).toContainEqual(expect.stringMatching(/^v2 failed verification: The model onnx-add\/v2\.tar\.gz could not be loaded: /));
  // A failed verification moves no alias: there never was one.
  expect((await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json()).aliases).toEqual({});
});
