import fs from "node:fs";
import path from "node:path";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DeleteEndpointCommand, DeleteEndpointConfigCommand, DeleteModelCommand } from "@aws-sdk/client-sagemaker";
import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs, TRITON_IMAGE } from "../support/auth";
import { localEngineSageMaker } from "../support/local-engine";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

test("the list shows instances, models and 24 h invocations, and why a failed endpoint failed, on hover and on focus", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "admin");
  const api = consoleApi(page);
  const prefix = `cols-${Date.now().toString(36)}`;
  const serving = `${prefix}-ok`;
  const failed = `${prefix}-bad`;
  await createServingEndpoint(api, serving);
  expect(await uploadPackage(page, serving, "onnx-add", fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")))).toBe(1);
  const input = (n: string) => ({ name: n, shape: [1, 4], datatype: "FP32", data: [0, 1, 2, 3] });
  for (let i = 0; i < 2; i++) {
    const res = await api.post(`/api/endpoints/${serving}/invoke`, { model: "onnx-add", version: 1, request: { inputs: [input("INPUT0"), input("INPUT1")] } });
    expect(res.status(), await res.text()).toBe(200);
  }
  // The engine runs only SageMaker's Triton images: any other fails the endpoint, with a reason.
  expect((await api.post("/api/endpoints", endpointInput(failed, { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/not-triton:1", instanceCount: 2 }))).status()).toBe(201);
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${failed}`)).json()).status, { timeout: 20_000 }).toBe("Failed");
  const reason: string = (await (await api.get(`/api/endpoints/${failed}`)).json()).failureReason;
  expect(reason).toBeTruthy();

  await page.goto(`/endpoints?q=${prefix}`);
  await expect(page.getByTestId("endpoint-search")).toHaveValue(prefix);
  const ok = page.getByTestId(`endpoint-row-${serving}`);
  await expect(ok.getByTestId("endpoint-instances")).toHaveText("1 × ml.g5.xlarge");
  await expect(ok.getByTestId("endpoint-models")).toHaveText("1");
  // The two sent and the two of the upload's verification.
  await expect(ok.getByTestId("endpoint-invocations")).toHaveText("4");
  const bad = page.getByTestId(`endpoint-row-${failed}`);
  await expect(bad.getByTestId("endpoint-instances")).toHaveText("2 × ml.g5.xlarge");
  await expect(bad.getByTestId("status-badge")).toHaveText("Failed");

  const tip = bad.getByTestId("failure-reason-tip");
  await expect(tip).toBeHidden();
  await bad.getByTestId("failure-reason-trigger").hover();
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(reason);
  await page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
  // The keyboard reaches it too, and the reason describes the status for screen readers.
  await bad.getByTestId("failure-reason-trigger").focus();
  await expect(tip).toBeVisible();
  await expect(bad.getByTestId("failure-reason-trigger")).toHaveAccessibleDescription(reason);
  await expect(ok.getByTestId("failure-reason-trigger")).toHaveCount(0);
});

test("a thousand endpoints: the BFF follows ListEndpoints' pages, and the list pages, searches and sorts all of them", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "admin");
  const sm = await localEngineSageMaker(page);
  const id = `bulk-${Date.now().toString(36)}`;
  const names = Array.from({ length: 1000 }, (_, i) => `${id}-${String(i).padStart(4, "0")}`);
  // One model and config behind them all: what matters here is how many endpoints ListEndpoints pages through.
  await sm.send(
    new CreateModelCommand({
      ModelName: id,
      ExecutionRoleArn: "arn:aws:iam::000000000000:role/SageMakerExecutionRole",
      PrimaryContainer: { Image: TRITON_IMAGE, Mode: "MultiModel", ModelDataUrl: `s3://mme-models/${id}/` },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: id,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: id, InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
    }),
  );
  const inBatches = async (fn: (name: string) => Promise<unknown>) => {
    for (let i = 0; i < names.length; i += 25) await Promise.all(names.slice(i, i + 25).map(fn));
  };
  await inBatches((n) => sm.send(new CreateEndpointCommand({ EndpointName: n, EndpointConfigName: id })));
  try {
    // The BFF answers every endpoint, not ListEndpoints' first 100.
    const listed: { name: string }[] = (await (await consoleApi(page).get("/api/endpoints")).json()).endpoints;
    expect(listed.filter((e) => e.name.startsWith(`${id}-`))).toHaveLength(1000);

    await page.goto(`/endpoints?q=${id}`);
    const info = page.getByTestId("endpoints-page-info");
    await expect(info).toHaveText("1–50 of 1,000");
    await expect(page.getByTestId("endpoints-table").locator("tbody tr")).toHaveCount(50);
    await expect(page.getByTestId("endpoints-prev")).toBeDisabled();

    // Sorted by name, both ways, over all thousand (not just the page on screen).
    await page.getByTestId("sort-name").click();
    await expect(page.getByTestId("endpoints-table").locator("tbody tr").first()).toHaveAttribute("data-testid", `endpoint-row-${names[0]}`);
    await page.getByTestId("sort-name").click();
    await expect(page.getByTestId("endpoints-table").locator("tbody tr").first()).toHaveAttribute("data-testid", `endpoint-row-${names[999]}`);
    // Each page's rows get their own figures.
    await expect(page.getByTestId(`endpoint-row-${names[999]}`).getByTestId("endpoint-instances")).toHaveText("1 × ml.g5.xlarge");
    await expect(page.getByTestId(`endpoint-row-${names[999]}`).getByTestId("endpoint-models")).toHaveText("0");

    await page.getByTestId("endpoints-next").click();
    await expect(info).toHaveText("51–100 of 1,000");
    await expect(page.getByTestId("endpoints-table").locator("tbody tr").first()).toHaveAttribute("data-testid", `endpoint-row-${names[949]}`);
    await expect(page.getByTestId(`endpoint-row-${names[949]}`).getByTestId("endpoint-instances")).toHaveText("1 × ml.g5.xlarge");
    // The page, search and sort are in the URL: a reload shows the same rows.
    await expect(page).toHaveURL(/page=2/);
    await page.reload();
    await expect(info).toHaveText("51–100 of 1,000");
    await expect(page.getByTestId("endpoints-table").locator("tbody tr").first()).toHaveAttribute("data-testid", `endpoint-row-${names[949]}`);

    // A narrower search starts again at its first page, and needs no pages.
    await page.getByTestId("endpoint-search").fill(`${id}-099`);
    await expect(page.getByTestId("endpoints-table").locator("tbody tr")).toHaveCount(10);
    await expect(info).toHaveCount(0);
    await expect(page).not.toHaveURL(/page=/);
  } finally {
    await inBatches((n) => sm.send(new DeleteEndpointCommand({ EndpointName: n })).catch(() => undefined));
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: id })).catch(() => undefined);
    await sm.send(new DeleteModelCommand({ ModelName: id })).catch(() => undefined);
  }
});
