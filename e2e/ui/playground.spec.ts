import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

const SRC = path.resolve("fixtures/models/src/onnx-two-versions");

/** The fixture's Triton version 1 adds and version 2 subtracts: one package per console version. */
function packageWith(tritonVersion: 1 | 2): Uint8Array {
  const config = fs.readFileSync(path.join(SRC, "config.pbtxt"), "utf8").replace(/version_policy: \{ all \{ \} \}\n/, "");
  return buildTarGz([
    { name: "onnx-two-versions/", type: "dir" },
    { name: "onnx-two-versions/config.pbtxt", data: config },
    { name: "onnx-two-versions/1/", type: "dir" },
    { name: "onnx-two-versions/1/model.onnx", data: fs.readFileSync(path.join(SRC, String(tritonVersion), "model.onnx")) },
  ]);
}

test("a viewer invokes a model from the playground form, finds it warm (its verification loaded it), and compares two versions", async ({ browser }) => {
  const endpoint = `pg-${Date.now().toString(36)}`;
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  const admin = consoleApi(adminPage);
  await createServingEndpoint(admin, endpoint);
  expect(await uploadPackage(adminPage, endpoint, "onnx-two-versions", packageWith(1))).toBe(1);
  expect(await uploadPackage(adminPage, endpoint, "onnx-two-versions", packageWith(2))).toBe(2);
  expect((await admin.put(`/api/endpoints/${endpoint}/models/onnx-two-versions/aliases/production`, { version: 1 })).status()).toBe(200);

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "viewer", `/playground?endpoint=${endpoint}`);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");
  // The form comes from the signature: one field per input, batch dim first.
  await expect(page.getByTestId("pg-input-INPUT0")).toContainText("FP32");
  await expect(page.getByLabel("INPUT0 shape")).toHaveValue("1,4");
  await expect(page.getByLabel("INPUT0 values")).toHaveValue("0, 1, 2, 3");

  await page.getByTestId("pg-send").click();
  const first = page.getByTestId("pg-result-0");
  await expect(first.getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("0, 2, 4, 6");
  // The upload's verification made the first request (the cold load): the playground's is warm.
  await expect(first.getByTestId("cache-state")).toHaveText("warm");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-history").locator("li")).toHaveCount(2);
  await expect(first.getByTestId("cache-state")).toHaveText("warm");

  // Bad input is explained before anything is sent.
  await page.getByLabel("INPUT1 values").fill("1, 2");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-form-error")).toContainText("needs 4 values, got 2");
  await page.getByLabel("INPUT1 values").fill("0, 1, 2, 3");

  await page.getByTestId("pg-compare-ref").selectOption("v:2");
  await page.getByTestId("pg-compare").click();
  await expect(page.getByTestId("pg-result-1").getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("0, 0, 0, 0");
  await expect(page.getByTestId("compare-summary")).toContainText("OUTPUT0: max |Δ| = 6, 3 of 4 elements differ");

  // The raw JSON editor sends exactly what it shows; the model's own refusal is shown as such.
  await page.getByTestId("pg-toggle-raw").click();
  const raw = JSON.parse(await page.getByTestId("pg-raw").inputValue());
  raw.inputs[0].name = "NOT_AN_INPUT";
  await page.getByTestId("pg-raw").fill(JSON.stringify(raw));
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("error-banner")).toContainText("ModelError");
});
