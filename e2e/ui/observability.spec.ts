import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

const FIXTURES = path.resolve("fixtures/models");
const requestOf = (model: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${model}.reference.json`), "utf8")).cases[0].request;

/** What the test sends: model, version, how many times. The charts must add up to exactly this. */
const SENT = [
  { model: "onnx-add", version: 1, times: 3 },
  { model: "onnx-add", version: 2, times: 2 },
  { model: "xgboost-binary", version: 1, times: 4 },
];
const total = (model?: string, version?: number) =>
  SENT.filter((s) => (model === undefined || s.model === model) && (version === undefined || s.version === version)).reduce((n, s) => n + s.times, 0);

async function tileValue(page: Page, tile: string) {
  return page.getByTestId(`tile-${tile}`).getByTestId("tile-value");
}

test("invocations sent through the console add up on the dashboard, per model and in the models table; residency shows the loaded models", async ({ page }) => {
  test.setTimeout(180_000);
  const endpoint = `obs-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  const onnx = new Uint8Array(fs.readFileSync(path.join(FIXTURES, "onnx-add.tar.gz")));
  expect(await uploadPackage(page, endpoint, "onnx-add", onnx)).toBe(1);
  expect(await uploadPackage(page, endpoint, "onnx-add", onnx)).toBe(2);
  expect(await uploadPackage(page, endpoint, "xgboost-binary", new Uint8Array(fs.readFileSync(path.join(FIXTURES, "xgboost-binary.tar.gz"))))).toBe(1);

  // Nothing sent yet: the dashboard says so instead of drawing an empty chart.
  await page.goto(`/endpoints/${endpoint}/metrics`);
  await expect(page.getByTestId("chart-invocations").getByTestId("chart-empty")).toHaveText("No invocations in this range");
  await expect(await tileValue(page, "invocations")).toHaveText("0");

  for (const s of SENT) {
    for (let i = 0; i < s.times; i++) {
      const res = await api.post(`/api/endpoints/${endpoint}/invoke`, { model: s.model, version: s.version, request: requestOf(s.model) });
      expect(res.status(), `${s.model} v${s.version}`).toBe(200);
    }
  }

  // The engine flushes metrics in batches: wait until the API has them all, then read the pages.
  const sum = (pts: [number, number][] = []) => pts.reduce((n, [, v]) => n + v, 0);
  await expect
    .poll(async () => sum((await (await api.get(`/api/endpoints/${endpoint}/metrics?range=1h`)).json()).series.invocations), { timeout: 30_000 })
    .toBe(total());

  // The endpoint dashboard.
  await page.goto(`/endpoints/${endpoint}`);
  await page.getByTestId("metrics-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${endpoint}/metrics`));
  await expect(await tileValue(page, "invocations")).toHaveText(String(total()));
  await expect(await tileValue(page, "errors-4xx")).toHaveText("0");
  const invocations = page.getByTestId("chart-invocations");
  await expect(invocations.locator("svg")).toBeVisible();
  await invocations.locator("svg").hover();
  await expect(invocations.getByTestId("chart-tooltip")).toContainText("Invocations");
  await expect(page.getByTestId("chart-model-latency").locator("svg")).toBeVisible();
  await expect(page.getByTestId("chart-loading-wait")).toBeVisible();
  // The range lives in the URL; a wider range still holds every invocation.
  await page.getByTestId("range-3h").click();
  await expect(page).toHaveURL(/range=3h/);
  await expect(await tileValue(page, "invocations")).toHaveText(String(total()));
  await page.reload();
  await expect(page.getByTestId("range-3h")).toHaveAttribute("aria-pressed", "true");
  // A custom range (UTC) that holds the last hour, applied from the form.
  await page.getByTestId("range-custom").click();
  await page.getByTestId("range-apply").click();
  await expect(page).toHaveURL(/start=.*&end=/);
  await expect(await tileValue(page, "invocations")).toHaveText(String(total()));

  // One model: all versions, then one version.
  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await page.getByTestId("model-metrics-link").click();
  await expect(page.getByTestId("metrics-title")).toHaveText("onnx-add metrics");
  await expect.poll(async () => (await tileValue(page, "invocations")).textContent(), { timeout: 30_000 }).toBe(String(total("onnx-add")));
  await expect(page.getByTestId("chart-invocations-by-version")).toContainText("v2");
  await page.getByTestId("version-select").selectOption("1");
  await expect(await tileValue(page, "invocations")).toHaveText(String(total("onnx-add", 1)));
  // 3 requests, the first one loaded the model: 2 of 3 hits.
  await expect(await tileValue(page, "cache-hit")).toHaveText("66.7 %");

  // The models table: figures per model, sortable so the hottest comes first.
  await page.goto(`/endpoints/${endpoint}/models`);
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-invocations")).toHaveText(String(total("onnx-add")));
  await expect(page.getByTestId("model-row-xgboost-binary").getByTestId("model-invocations")).toHaveText(String(total("xgboost-binary")));
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-p99")).toHaveText(/\d.*(µs|ms|s)$/);
  await page.getByTestId("sort-invocations").click();
  await expect(page.getByTestId("models-table").locator("tbody tr").first()).toHaveAttribute("data-testid", "model-row-onnx-add");
  await page.getByTestId("sort-invocations").click();
  await expect(page.getByTestId("models-table").locator("tbody tr").first()).toHaveAttribute("data-testid", "model-row-xgboost-binary");

  // Residency: the one instance holds the three target models it loaded.
  await page.goto(`/endpoints/${endpoint}`);
  await page.getByTestId("residency-link").click();
  const instance = page.getByTestId("instance-0");
  for (const target of ["onnx-add/v1.tar.gz", "onnx-add/v2.tar.gz", "xgboost-binary/v1.tar.gz"]) {
    await expect(instance.getByTestId("resident-model").filter({ hasText: target })).toBeVisible();
  }
  await expect(instance.getByTestId("resident-model").filter({ hasText: "xgboost-binary/v1.tar.gz" }).getByTestId("resident-hits")).toHaveText(String(total("xgboost-binary") - 1));
  await expect(instance.getByTestId("memory-bar")).toContainText("of");
  await expect(instance.getByTestId("recent-events")).toContainText("loaded");
});
