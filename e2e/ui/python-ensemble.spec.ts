import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

type Tensor = { name: string; datatype: string; shape: number[]; data: number[] };
type Reference = { cases: { request: { inputs: Tensor[] }; response: { outputs: Tensor[] } }[] };
const FIXTURES = path.resolve("fixtures/models");
const reference = (name: string) => (JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.reference.json`), "utf8")) as Reference).cases[0]!;

/** What the outputs table shows for a tensor's values (outputs-table.tsx: 7 significant digits). */
const shown = (data: number[]) => data.map((v) => String(Number(v.toPrecision(7)))).join(", ");

/** Fills the playground's form (built from the model's config.pbtxt) with a request's inputs, sends it, and checks every output. */
async function invokeFromForm(page: Page, model: string, ref: Reference["cases"][number]) {
  await page.getByTestId("pg-model").selectOption(model);
  for (const input of ref.request.inputs) {
    await expect(page.getByTestId(`pg-input-${input.name}`)).toContainText(input.datatype);
    await page.getByLabel(`${input.name} shape`).fill(input.shape.join(","));
    await page.getByLabel(`${input.name} values`).fill(input.data.join(", "));
  }
  await page.getByTestId("pg-send").click();
  const result = page.getByTestId("pg-result-0");
  for (const out of ref.response.outputs) {
    await expect(result.getByTestId(`output-${out.name}`).getByTestId("output-data")).toHaveText(shown(out.data));
    await expect(result.getByTestId(`output-${out.name}`)).toContainText(`[${out.shape.join(", ")}]`);
  }
}

/**
 * An ensemble (ONNX, then a Python-backend step) and a Python-backend model through the whole
 * console: the checker's report in the upload form, then the playground's form built from each
 * model's config, answering exactly what numpy computed for the fixtures.
 */
test("an ensemble and a Python-backend model run from the playground, equal to numpy's references", async ({ browser }) => {
  const endpoint = `py-${Date.now().toString(36)}`;
  const page = await (await browser.newContext()).newPage();
  // No request of the pages may fail (the playground used to ask for model "-" before one was chosen).
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith("/api/")) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  // CI installs Debian's python3-torch, which brings numpy: there the Python backend must be available.
  const caps = await (await api.get("/api/engine/capabilities")).json();
  expect(caps.localEngine).toBe(true);

  await page.goto(`/endpoints/${endpoint}/models`);
  await page.getByTestId("package-input").setInputFiles(path.join(FIXTURES, "ensemble-python.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await expect(page.getByTestId("package-model-name")).toHaveText("pipeline");
  await expect(page.getByTestId("package-composing-models")).toHaveText("add (onnxruntime_onnx), scale (python)");
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-done")).toBeVisible();
  // The engine runs Python models here, so the models page has no banner saying otherwise.
  await expect(page.getByTestId("python-unavailable")).toHaveCount(0);
  expect(await uploadPackage(page, endpoint, "python-add-sub", new Uint8Array(fs.readFileSync(path.join(FIXTURES, "python-add-sub.tar.gz"))))).toBe(1);

  await page.goto(`/playground?endpoint=${endpoint}`);
  await invokeFromForm(page, "pipeline", reference("ensemble-python"));
  await page.goto(`/playground?endpoint=${endpoint}`);
  await invokeFromForm(page, "python-add-sub", reference("python-add-sub"));
  expect(failed).toEqual([]);
});
