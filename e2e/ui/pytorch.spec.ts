import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

type Tensor = { name: string; datatype: string; shape: number[]; data: number[] };
const REFERENCE = JSON.parse(fs.readFileSync(path.resolve("fixtures/models/torch-mlp.reference.json"), "utf8")) as {
  cases: { request: { inputs: Tensor[] }; response: { outputs: Tensor[] } }[];
};

/** What the outputs table shows for a tensor's values (outputs-table.tsx: 7 significant digits). */
const shown = (data: number[]) => data.map((v) => String(Number(v.toPrecision(7)))).join(", ");

/**
 * A TorchScript model through the whole console: upload, the models page, the playground. Where
 * the engine found PyTorch (CI installs Debian's python3-torch) the outputs must be PyTorch's own;
 * where it did not, the console must say so before and when the model is invoked.
 */
test("a PyTorch model runs from the playground with PyTorch's own outputs, or the console says why it cannot", async ({ browser }) => {
  const endpoint = `pt-${Date.now().toString(36)}`;
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  expect(await uploadPackage(page, endpoint, "torch-mlp", new Uint8Array(fs.readFileSync(path.resolve("fixtures/models/torch-mlp.tar.gz"))))).toBe(1);
  // The upload's verification makes the first request (the cold load), past the upload's answer if the worker starts slowly.
  const verification = async () => (await (await api.get(`/api/endpoints/${endpoint}/models/torch-mlp`)).json()).versions[0].verification;
  await expect.poll(async () => (await verification())?.running ?? false, { timeout: 60_000 }).toBe(false);

  const caps = await (await api.get("/api/engine/capabilities")).json();
  expect(caps.localEngine).toBe(true);
  const banner = page.getByTestId("pytorch-unavailable");

  await page.goto(`/playground?endpoint=${endpoint}`);
  await expect(page.getByTestId("pg-model")).toHaveValue("torch-mlp");
  // The form comes from config.pbtxt: Triton's PyTorch names, batch dimension first.
  await expect(page.getByTestId("pg-input-INPUT__0")).toContainText("FP32");
  await expect(page.getByLabel("INPUT__0 shape")).toHaveValue("1,4");
  const reference = REFERENCE.cases[0]!;
  await page.getByTestId("pg-toggle-raw").click();
  await page.getByTestId("pg-raw").fill(JSON.stringify(reference.request));
  await page.getByTestId("pg-send").click();

  if (caps.pytorch.available) {
    const result = page.getByTestId("pg-result-0");
    for (const out of reference.response.outputs) {
      await expect(result.getByTestId(`output-${out.name}`).getByTestId("output-data")).toHaveText(shown(out.data));
      await expect(result.getByTestId(`output-${out.name}`)).toContainText(`[${out.shape.join(", ")}]`);
    }
    await expect(result.getByTestId("cache-state")).toHaveText("warm");
    await page.goto(`/endpoints/${endpoint}/models`);
    await expect(page.getByTestId("model-row-torch-mlp").getByTestId("model-latest")).toContainText("v1");
    await expect(banner).toHaveCount(0);
  } else {
    await expect(page.getByTestId("error-banner")).toContainText("ModelError");
    await expect(page.getByTestId("error-banner")).toContainText("PyTorch");
    await page.goto(`/endpoints/${endpoint}/models`);
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("PyTorch models cannot run on the local engine.");
  }
});
