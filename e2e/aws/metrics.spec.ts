import fs from "node:fs";
import path from "node:path";
import { PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { createAwsEndpoint, uniqueName, uploadViaApi } from "../support/aws-endpoints";
import { chartParts, sumTooltipValues } from "../support/metric-charts";
import { expect, test } from "../support/aws-fixtures";

const FIXTURES = path.resolve("fixtures/models");

/** What the test says happened, per target model. The pages must add up to exactly this. */
const SENT = [
  { model: "onnx-add", version: 1, times: 3 },
  { model: "onnx-add", version: 2, times: 2 },
  { model: "xgboost-binary", version: 1, times: 4 },
];
const total = (model?: string, version?: number) =>
  SENT.filter((s) => (model === undefined || s.model === model) && (version === undefined || s.version === version)).reduce((n, s) => n + s.times, 0);

const tileValue = (page: Page, tile: string) => page.getByTestId(`tile-${tile}`).getByTestId("tile-value");

/**
 * The series the console reads, put into CloudWatch as SageMaker (AWS/SageMaker per variant,
 * /aws/sagemaker/Endpoints per instance) and the console itself (MMEConsole per target model) would
 * publish them, at three moments of the last half hour.
 *
 * Left out on purpose: every metric the pages read as a percentile (ModelLatency, OverheadLatency,
 * ModelLoadingWaitTime; p50/p90/p99). moto 5.2's GetMetricData computes no percentiles
 * (Statistics.get_statistics_for_type answers None for pN) and then fails to serialise the None:
 * the whole GetMetricData call answers 500 with an HTML page, so one such series with data would
 * break every chart of the page.
 */
function seriesFor(endpoint: string, now: number): { namespace: string; data: MetricDatum[] }[] {
  const at = [20, 10, 2].map((minutesAgo) => new Date(now - minutesAgo * 60_000));
  const variant = [
    { Name: "EndpointName", Value: endpoint },
    { Name: "VariantName", Value: "AllTraffic" },
  ];
  const datum = (MetricName: string, Dimensions: MetricDatum["Dimensions"], values: number[], Unit: MetricDatum["Unit"] = "Count"): MetricDatum[] =>
    values.map((Value, i) => ({ MetricName, Dimensions, Timestamp: at[i % at.length], Value, Unit }));
  const perModel = SENT.flatMap((s) => {
    const dims = [
      { Name: "EndpointName", Value: endpoint },
      { Name: "TargetModel", Value: `${s.model}/v${s.version}.tar.gz` },
    ];
    return [
      { MetricName: "Invocations", Dimensions: dims, Timestamp: at[1], Value: s.times, Unit: "Count" as const },
      { MetricName: "Invocation4XXErrors", Dimensions: dims, Timestamp: at[1], Value: 0, Unit: "Count" as const },
    ];
  });
  // onnx-add v1: 3 requests, the first one loaded the model: 2 of 3 hits.
  const hits = datum("ModelCacheHit", [{ Name: "EndpointName", Value: endpoint }, { Name: "TargetModel", Value: "onnx-add/v1.tar.gz" }], [0, 1, 1], "None");
  return [
    {
      namespace: "AWS/SageMaker",
      data: [
        ...datum("Invocations", variant, [3, 4, 2]),
        ...datum("Invocation4XXErrors", variant, [0, 1, 0]),
        ...datum("Invocation5XXErrors", variant, [0, 0, 0]),
        ...datum("InvocationModelErrors", variant, [0, 0, 0]),
        ...datum("ModelCacheHit", variant, [0, 1, 1], "None"),
        ...datum("ModelLoadingTime", variant, [250_000], "Microseconds"),
        ...datum("ModelDownloadingTime", variant, [120_000], "Microseconds"),
      ],
    },
    {
      namespace: "/aws/sagemaker/Endpoints",
      data: [
        ...datum("LoadedModelCount", variant, [1, 2, 3]),
        ...datum("CPUUtilization", variant, [30, 45, 35], "Percent"),
        ...datum("MemoryUtilization", variant, [20, 40, 40], "Percent"),
        ...datum("DiskUtilization", variant, [5, 10, 10], "Percent"),
      ],
    },
    { namespace: "MMEConsole", data: [...perModel, ...hits] },
  ];
}

test("CloudWatch's series add up on the dashboard, per model and version, and in the models table; residency says what AWS has instead", async ({ page, moto }) => {
  test.setTimeout(120_000);
  const endpoint = uniqueName("obs");
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createAwsEndpoint(api, endpoint);
  const onnx = new Uint8Array(fs.readFileSync(path.join(FIXTURES, "onnx-add.tar.gz")));
  expect(await uploadViaApi(page, endpoint, "onnx-add", onnx)).toBe(1);
  expect(await uploadViaApi(page, endpoint, "onnx-add", onnx)).toBe(2);
  expect(await uploadViaApi(page, endpoint, "xgboost-binary", new Uint8Array(fs.readFileSync(path.join(FIXTURES, "xgboost-binary.tar.gz"))))).toBe(1);

  // Nothing in CloudWatch yet: the dashboard says so instead of drawing an empty chart.
  await page.goto(`/endpoints/${endpoint}/metrics`);
  await expect(page.getByTestId("chart-invocations").getByTestId("chart-empty")).toHaveText("No invocations in this range");
  await expect(tileValue(page, "invocations")).toHaveText("0");

  for (const { namespace, data } of seriesFor(endpoint, Date.now())) {
    await moto.clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
  }

  // The endpoint dashboard: SageMaker's series for its one variant.
  await page.goto(`/endpoints/${endpoint}`);
  await page.getByTestId("metrics-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${endpoint}/metrics`));
  await expect(tileValue(page, "invocations")).toHaveText(String(total()));
  await expect(tileValue(page, "errors-4xx")).toHaveText("1");
  await expect(tileValue(page, "errors-5xx")).toHaveText("0");
  await expect(tileValue(page, "cache-hit")).toHaveText("66.7 %");
  await expect(tileValue(page, "loaded-models")).toHaveText("3");
  await expect(page.getByTestId("tile-loaded-models").getByTestId("tile-label")).toHaveText("Loaded models now");
  const invocations = page.getByTestId("chart-invocations");
  await expect(chartParts(invocations).plot).toBeVisible();
  await chartParts(invocations).plot.hover();
  await expect(invocations.getByTestId("chart-tooltip")).toContainText("Invocations");
  // Bucket by bucket (whole minutes on AWS), the tooltips add up to the tile.
  expect(await sumTooltipValues(invocations, "Invocations", total())).toBe(total());
  await expect(chartParts(page.getByTestId("chart-loads")).plot).toBeVisible();
  await expect(chartParts(page.getByTestId("chart-memory")).plot).toBeVisible();
  // Loaded models now reads the same over a day: the newest sample, not the day's last bucket.
  await page.getByTestId("range-1d").click();
  await expect(page).toHaveURL(/range=1d/);
  await expect(tileValue(page, "loaded-models")).toHaveText("3");
  await page.getByTestId("range-1h").click();
  await expect(page.getByTestId("chart-loading-wait").getByTestId("chart-empty")).toBeVisible();
  // The range lives in the URL; a wider range still holds every invocation.
  await page.getByTestId("range-3h").click();
  await expect(page).toHaveURL(/range=3h/);
  await expect(tileValue(page, "invocations")).toHaveText(String(total()));
  await page.reload();
  await expect(page.getByTestId("range-3h")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("range-custom").click();
  await page.getByTestId("range-apply").click();
  await expect(page).toHaveURL(/start=.*&end=/);
  await expect(tileValue(page, "invocations")).toHaveText(String(total()));

  // One model: all versions, then one version (the console's own MMEConsole series).
  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await page.getByTestId("model-metrics-link").click();
  await expect(tileValue(page, "invocations")).toHaveText(String(total("onnx-add")));
  await expect(page.getByTestId("chart-invocations-by-version")).toContainText("v2");
  await page.getByTestId("version-select").selectOption("1");
  await expect(tileValue(page, "invocations")).toHaveText(String(total("onnx-add", 1)));
  await expect(tileValue(page, "cache-hit")).toHaveText("66.7 %");

  // The models table: figures per model, sortable so the busiest comes first.
  await page.goto(`/endpoints/${endpoint}/models`);
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-invocations")).toHaveText(String(total("onnx-add")));
  await expect(page.getByTestId("model-row-xgboost-binary").getByTestId("model-invocations")).toHaveText(String(total("xgboost-binary")));
  await page.getByTestId("sort-invocations").click();
  await expect(page.getByTestId("models-table").locator("tbody tr").first()).toHaveAttribute("data-testid", "model-row-onnx-add");
  await page.getByTestId("sort-invocations").click();
  await expect(page.getByTestId("models-table").locator("tbody tr").first()).toHaveAttribute("data-testid", "model-row-xgboost-binary");

  // Residency: SageMaker has no per-instance view; the page says so and charts LoadedModelCount.
  await page.goto(`/endpoints/${endpoint}`);
  await page.getByTestId("residency-link").click();
  await expect(page.getByTestId("residency-unavailable")).toContainText("SageMaker does not show which models each instance holds");
  await expect(chartParts(page.getByTestId("chart-loaded-models")).plot).toBeVisible();
});
