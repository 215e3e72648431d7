import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { chartParts, dragAcross, sumTooltipValues, tooltipBucketStart } from "../support/metric-charts";
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
/** Each version's verification, right after its upload, invokes it twice (the first call loads it). */
const VERIFICATION_CALLS = 2;
const total = (model?: string, version?: number) =>
  SENT.filter((s) => (model === undefined || s.model === model) && (version === undefined || s.version === version)).reduce((n, s) => n + s.times + VERIFICATION_CALLS, 0);

async function tileValue(page: Page, tile: string) {
  return page.getByTestId(`tile-${tile}`).getByTestId("tile-value");
}

test("invocations sent through the console add up on the dashboard, per model and in the models table; residency shows the loaded models", async ({ page }) => {
  test.setTimeout(180_000);
  const endpoint = `obs-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);

  // Nothing sent yet (not even a verification: no model yet): the dashboard says so instead of drawing an empty chart.
  await page.goto(`/endpoints/${endpoint}/metrics`);
  await expect(page.getByTestId("chart-invocations").getByTestId("chart-empty")).toHaveText("No invocations in this range");
  await expect(await tileValue(page, "invocations")).toHaveText("0");

  const onnx = new Uint8Array(fs.readFileSync(path.join(FIXTURES, "onnx-add.tar.gz")));
  expect(await uploadPackage(page, endpoint, "onnx-add", onnx)).toBe(1);
  expect(await uploadPackage(page, endpoint, "onnx-add", onnx)).toBe(2);
  expect(await uploadPackage(page, endpoint, "xgboost-binary", new Uint8Array(fs.readFileSync(path.join(FIXTURES, "xgboost-binary.tar.gz"))))).toBe(1);

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
  // Each tile says what it covers; the charts add up to the same figures, bucket by bucket in their tooltips (UTC, units).
  await expect(page.getByTestId("tile-invocations")).toContainText("total over the range");
  await expect(page.getByTestId("tile-p99-latency")).toContainText("p99 model latency");
  await expect(page.getByTestId("tile-p99-latency")).toContainText("over the range");
  await expect(page.getByTestId("tile-loaded-models").getByTestId("tile-label")).toHaveText("Loaded models now");
  const invocations = page.getByTestId("chart-invocations");
  await expect(chartParts(invocations).plot).toBeVisible();
  await chartParts(invocations).plot.hover();
  await expect(invocations.getByTestId("chart-tooltip")).toContainText("Invocations");
  await expect(invocations.getByTestId("chart-tooltip")).toContainText("UTC");
  expect(await sumTooltipValues(invocations, "Invocations", total())).toBe(total());
  const latency = page.getByTestId("chart-model-latency");
  await expect(chartParts(latency).plot).toBeVisible();
  await chartParts(latency).plot.press("End");
  await expect(latency.getByTestId("chart-tooltip-row")).toHaveText([/^p50/, /^p90/, /^p99/]);
  await expect(page.getByTestId("chart-loading-wait")).toBeVisible();

  // Loaded models now is the instance's figure now, the same over an hour and a week, and what residency lists.
  await expect(await tileValue(page, "loaded-models")).toHaveText("3", { timeout: 30_000 });
  for (const range of ["1d", "1w"]) {
    await page.getByTestId(`range-${range}`).click();
    await expect(page).toHaveURL(new RegExp(`range=${range}`));
    await expect(await tileValue(page, "loaded-models")).toHaveText("3");
    await expect(await tileValue(page, "invocations")).toHaveText(String(total()));
  }
  // Over a week the chart starts where the endpoint began: no buckets of zeros before it existed.
  const created = Date.parse((await (await api.get(`/api/endpoints/${endpoint}`)).json()).creationTime);
  await page.mouse.move(0, 0);
  await chartParts(invocations).plot.press("Home");
  expect(await tooltipBucketStart(invocations)).toBeGreaterThanOrEqual(Math.floor(created / 1_800_000) * 1_800_000);

  // Dragging across a chart zooms: the range in the URL becomes the selected span; Back returns to the week.
  await dragAcross(invocations, 0.2, 0.8);
  await expect(page).toHaveURL(/start=.*&end=/);
  const zoomed = new URL(page.url()).searchParams;
  const span = Date.parse(zoomed.get("end")!) - Date.parse(zoomed.get("start")!);
  expect(span).toBeGreaterThanOrEqual(60_000);
  expect(span).toBeLessThan(Date.now() - created + 1_800_000);
  await expect(page.getByTestId("range-custom")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("range-start")).toHaveValue(zoomed.get("start")!.slice(0, 16));
  await page.goBack();
  await expect(page).toHaveURL(/range=1w/);
  await page.getByTestId("range-1h").click();
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
  // Versions overlaid: invocations as bars by version, and p99 latency as a line per version.
  await expect(page.getByTestId("chart-invocations-by-version")).toContainText("v2");
  expect(await sumTooltipValues(page.getByTestId("chart-invocations-by-version"), "v2", total("onnx-add", 2))).toBe(total("onnx-add", 2));
  await expect(page.getByTestId("chart-latency-by-version")).toContainText("v1");
  await page.getByTestId("version-select").selectOption("1");
  await expect(await tileValue(page, "invocations")).toHaveText(String(total("onnx-add", 1)));
  // 2 verification requests and 3 sent, the first one loaded the model: 4 of 5 hits.
  await expect(await tileValue(page, "cache-hit")).toHaveText("80 %");

  // The models table: figures per model, sortable so the hottest comes first.
  await page.goto(`/endpoints/${endpoint}/models`);
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-invocations")).toHaveText(String(total("onnx-add")));
  await expect(page.getByTestId("model-row-xgboost-binary").getByTestId("model-invocations")).toHaveText(String(total("xgboost-binary")));
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-p99")).toHaveText(/\d.*(µs|ms|s)$/);
  // The table's p99 is the model page's "p99 over the range": one computation over the same window.
  const tableP99 = await page.getByTestId("model-row-xgboost-binary").getByTestId("model-p99").textContent();
  await page.goto(`/endpoints/${endpoint}/models/xgboost-binary/metrics`);
  await expect(await tileValue(page, "p99-latency")).toHaveText(tableP99!);
  await page.goto(`/endpoints/${endpoint}/models`);
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

test("a model that does not exist has no metrics page: it says so, as the endpoint page does", async ({ page }) => {
  const endpoint = `obs-none-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  await createServingEndpoint(consoleApi(page), endpoint);
  await page.goto(`/endpoints/${endpoint}/models/nope/metrics`);
  await expect(page.getByTestId("model-gone")).toContainText('There is no model "nope"');
  await expect(page.getByTestId("chart-invocations")).toHaveCount(0);
  await expect(page.getByTestId("tile-invocations")).toHaveCount(0);
  await page.getByTestId("model-gone").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${endpoint}/models$`));
});

test("residency lists every instance after scaling from 1 to 3, the empty ones too, all of it readable", async ({ page }) => {
  test.setTimeout(120_000);
  const endpoint = `obs-scale-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  expect((await api.patch(`/api/endpoints/${endpoint}`, { instanceCount: 3 })).ok()).toBe(true);
  await expect
    .poll(async () => {
      const ep = await (await api.get(`/api/endpoints/${endpoint}`)).json();
      return [ep.status, ep.variants[0]?.currentInstanceCount];
    }, { timeout: 30_000 })
    .toEqual(["InService", 3]);

  await page.goto(`/endpoints/${endpoint}/residency`);
  await expect(page.getByTestId("fleet-AllTraffic")).toContainText("3 instances");
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`instance-${i}`).getByTestId("instance-no-models")).toHaveText("No model loaded.");
  await expect(page.getByTestId("residency-empty")).toHaveCount(0);
  // The refresh state is text a user can read, not transparent.
  await expect(page.getByTestId("refresh-state")).toHaveText("Up to date");
  const contrast = await new AxeBuilder({ page }).include("main").withRules(["color-contrast"]).analyze();
  expect(contrast.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")))).toEqual([]);
  const color = await page.getByTestId("refresh-state").evaluate((el) => getComputedStyle(el).color);
  expect(color).not.toMatch(/rgba\(\d+, \d+, \d+, 0\)|transparent/);
});
