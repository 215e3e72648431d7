import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { configMismatchPackage } from "../../test/support/bff/verification-packages";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

/**
 * Every page of the console at 1440 and 390 px, to look at before a change to the UI lands
 * (`npm run screenshots`, files in .screenshots/). Not a test: it asserts only that the data it
 * sets up exists, so it is its own Playwright project, run only on request.
 */
const OUT = path.resolve(".screenshots");

test("every page at 1440 and 390 px", async ({ browser }) => {
  test.setTimeout(600_000);
  fs.mkdirSync(OUT, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, "admin");
  const api = consoleApi(page);
  const id = Date.now().toString(36);
  const fresh = `fresh-${id}`;
  const busy = `busy-${id}`;
  const bad = `bad-${id}`;
  await createServingEndpoint(api, fresh);
  await createServingEndpoint(api, busy);
  const onnx = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
  expect(await uploadPackage(page, busy, "onnx-add", onnx)).toBe(1);
  expect(await uploadPackage(page, busy, "onnx-add", onnx)).toBe(2);
  for (const [alias, version] of [["production", 1], ["canary", 2], ["staging", 2], ["shadow", 1], ["eu", 1], ["us", 2]] as const) {
    expect((await api.put(`/api/endpoints/${busy}/models/onnx-add/aliases/${alias}`, { version })).status()).toBe(200);
  }
  // v3 fails verification, so the move dialog has a refusal (and an admin's force) to show; production runs a canary.
  expect(await uploadPackage(page, busy, "onnx-add", configMismatchPackage("onnx-add"))).toBe(3);
  await expect.poll(async () => ((await (await api.get(`/api/endpoints/${busy}/models/onnx-add`)).json()).versions as { version: number; verification?: { status: string } }[]).find((v) => v.version === 3)?.verification?.status, { timeout: 60_000 }).toBe("failed");
  expect((await api.put(`/api/endpoints/${busy}/models/onnx-add/aliases/production/canary`, { version: 2, weight: 10 })).status()).toBe(200);
  const input = (n: string) => ({ name: n, shape: [1, 4], datatype: "FP32", data: [0, 1, 2, 3] });
  for (let i = 0; i < 20; i++) {
    await api.post(`/api/endpoints/${busy}/invoke`, { model: "onnx-add", version: (i % 2) + 1, request: { inputs: [input("INPUT0"), input("INPUT1")] } });
  }
  // The Scaling tab with a range and a policy (what it draws depends on the engine's application-autoscaling service).
  await api.put(`/api/endpoints/${busy}/scaling/target`, { minCapacity: 1, maxCapacity: 3 });
  await api.put(`/api/endpoints/${busy}/scaling/policies`, { name: "invocations-per-instance", preset: "invocations", targetValue: 70, scaleInCooldown: 300, scaleOutCooldown: 60 });
  // A one-off scheduled action a few seconds from now raises the minimum to 2, so the chart and the list have an activity to show.
  const soon = new Date(Date.now() + 5_000).toISOString().slice(0, 19);
  await api.put(`/api/endpoints/${busy}/scaling/scheduled-actions`, { name: "raise-minimum", schedule: `at(${soon})`, minCapacity: 2 });
  await api.post("/api/endpoints", endpointInput(bad, { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/not-triton:1" }));
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${bad}`)).json()).status, { timeout: 30_000 }).toBe("Failed");

  const pages: [string, string, ((p: Page) => Promise<void>)?][] = [
    ["endpoints", "/endpoints"],
    ["endpoint-new", "/endpoints/new"],
    ["overview-fresh", `/endpoints/${fresh}`],
    ["overview", `/endpoints/${busy}`],
    ["overview-actions", `/endpoints/${busy}`, (p) => p.getByTestId("endpoint-actions").click()],
    ["overview-failed", `/endpoints/${bad}`],
    ["models", `/endpoints/${busy}/models`],
    ["model", `/endpoints/${busy}/models/onnx-add`],
    ["model-move", `/endpoints/${busy}/models/onnx-add`, (p) => p.getByTestId("alias-move-staging").click()],
    [
      "model-move-forced",
      `/endpoints/${busy}/models/onnx-add`,
      async (p) => {
        await p.getByTestId("alias-move-staging").click();
        await p.getByTestId("move-version").selectOption("3");
        await p.getByTestId("force-open").click();
        await p.getByTestId("force-reason").fill("hotfix for INC-4711, checked by hand");
      },
    ],
    ["model-canary", `/endpoints/${busy}/models/onnx-add`, (p) => p.getByTestId("alias-canary-staging").click()],
    ["model-metrics", `/endpoints/${busy}/models/onnx-add/metrics`],
    ["model-missing", `/endpoints/${busy}/models/nope/metrics`],
    ["metrics", `/endpoints/${busy}/metrics`],
    ["residency", `/endpoints/${busy}/residency`],
    ["scaling", `/endpoints/${busy}/scaling`],
    ["scaling-editor", `/endpoints/${busy}/scaling`, (p) => p.getByTestId("policy-add").click()],
    ["scaling-unregistered", `/endpoints/${fresh}/scaling`],
    // The replay streams its answer: the page is done once the result is on screen.
    ["capacity", `/endpoints/${busy}/capacity`, (p) => p.getByTestId("capacity-result").waitFor({ timeout: 60_000 })],
    ["capacity-no-traffic", `/endpoints/${fresh}/capacity`, (p) => p.getByTestId("capacity-result").waitFor({ timeout: 60_000 })],
    ["history", `/endpoints/${busy}/history`],
    ["playground", `/playground?endpoint=${busy}&model=onnx-add`],
    ["audit", "/audit"],
    ["not-found", "/no-such-page"],
  ];
  // MME_SCREENSHOTS_ONLY=capacity: only the pages whose name holds it (a look at one page's change).
  const only = process.env.MME_SCREENSHOTS_ONLY;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const [name, url, act] of pages.filter(([name]) => !only || name.includes(only))) {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      await act?.(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${OUT}/${width}-${name}.png`, fullPage: true });
    }
  }
  const viewer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signInAs(viewer, "viewer");
  await viewer.goto(`/endpoints/${busy}/models/onnx-add`);
  await viewer.waitForLoadState("networkidle");
  await viewer.screenshot({ path: `${OUT}/1440-model-as-viewer.png`, fullPage: true });
  const signedOut = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signedOut.goto("/signin");
  await signedOut.screenshot({ path: `${OUT}/390-signin.png`, fullPage: true });
});
