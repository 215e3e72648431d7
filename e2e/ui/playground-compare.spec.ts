import { expect, test } from "@playwright/test";
import { signInAs } from "../support/auth";
import { playgroundEndpoint } from "../support/playground-models";

/**
 * "Run on both" runs two different versions of the chosen model, or is disabled: the compare pick
 * is dropped when the endpoint, the model or the main version changes, and never offers the
 * main version again under another name (production is v1).
 */
test("Run on both never runs one version twice, and drops its pick when the target changes", async ({ browser }) => {
  test.slow(); // it creates endpoints and uploads versions before the page is looked at
  const stamp = Date.now().toString(36);
  const [a, b] = [`pgc-a-${stamp}`, `pgc-b-${stamp}`];
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  await playgroundEndpoint(adminPage, a);
  await playgroundEndpoint(adminPage, b, { withOnnxAdd: false });

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "viewer", `/playground?endpoint=${a}`);
  // Chosen in the form, not by the URL: this test is about what follows the choice.
  await page.getByTestId("pg-model").selectOption("onnx-two-versions");
  const compareRef = page.getByTestId("pg-compare-ref");
  const runOnBoth = page.getByTestId("pg-compare");
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");
  // production is v1: comparing it with v1 would send one target model twice.
  await expect(compareRef.locator("option")).toHaveText(["—", "v2"]);
  await expect(runOnBoth).toBeDisabled();

  // The main version becomes the compared one: the comparison is dropped.
  await compareRef.selectOption("v:2");
  await expect(runOnBoth).toBeEnabled();
  await page.getByTestId("pg-ref").selectOption("v:2");
  await expect(compareRef).toHaveValue("");
  await expect(runOnBoth).toBeDisabled();

  // Another model, and back: the pick made for the first one is gone.
  await page.getByTestId("pg-ref").selectOption("v:1");
  await compareRef.selectOption("v:2");
  await page.getByTestId("pg-model").selectOption("onnx-add");
  await expect(page.getByTestId("pg-ref")).toHaveValue("v:1");
  await expect(compareRef).toHaveValue("");
  await expect(runOnBoth).toBeDisabled();
  await page.getByTestId("pg-model").selectOption("onnx-two-versions");
  await expect(compareRef).toHaveValue("");
  await expect(runOnBoth).toBeDisabled();

  // Another endpoint with the same model and versions: still dropped.
  await compareRef.selectOption("v:2");
  await page.getByTestId("pg-endpoint").selectOption(b);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(compareRef).toHaveValue("");
  await expect(runOnBoth).toBeDisabled();

  // What does run is two versions, side by side.
  await compareRef.selectOption("v:2");
  await runOnBoth.click();
  await expect(page.getByTestId("pg-result-0")).toContainText("onnx-two-versions v1");
  await expect(page.getByTestId("pg-result-1")).toContainText("onnx-two-versions v2");
  await expect(page.getByTestId("compare-summary")).toContainText("OUTPUT0: max |Δ| = 6");
});

test("a form error and an answer stay with the model they were for", async ({ browser }) => {
  test.slow(); // it creates endpoints and uploads versions before the page is looked at
  const endpoint = `pgc-e-${Date.now().toString(36)}`;
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  await playgroundEndpoint(adminPage, endpoint);

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "viewer", `/playground?endpoint=${endpoint}`);
  // Chosen in the form, not by the URL: this test is about what follows the choice.
  await page.getByTestId("pg-model").selectOption("onnx-two-versions");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-result-0")).toContainText("onnx-two-versions v1");
  await page.getByLabel("INPUT1 values").fill("1, 2");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-form-error")).toContainText("needs 4 values, got 2");

  await page.getByTestId("pg-model").selectOption("onnx-add");
  await expect(page.getByLabel("INPUT1 values")).toBeVisible();
  await expect(page.getByTestId("pg-form-error")).toHaveCount(0);
  // onnx-two-versions' answer is not shown under onnx-add's form.
  await expect(page.getByTestId("pg-result-0")).toHaveCount(0);
});
