import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

// One endpoint for the file: the viewer reads what the admin set up. The stack's engine evaluates
// policies every second (MME_ENGINE_SCALING_PERIOD_S=1 in e2e/support/start-stack.ts).
const ENDPOINT = `scaling-${Date.now().toString(36)}`;
test.describe.configure({ mode: "serial" });

const input = (name: string) => ({ name, shape: [1, 4], datatype: "FP32", data: [0, 1, 2, 3] });

/** Invokes the endpoint's model through the console until `stop()` is called, so InvocationsPerInstance stays above the policy's target. */
function driveLoad(page: Page) {
  const api = consoleApi(page);
  let running = true;
  const loop = (async () => {
    while (running) {
      // Errors (the endpoint Updating while it scales) do not stop the load: only the count matters.
      await api.post(`/api/endpoints/${ENDPOINT}/invoke`, { model: "onnx-add", version: 1, request: { inputs: [input("INPUT0"), input("INPUT1")] } }).catch(() => undefined);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

test("an admin registers the variant, adds a policy, drives load, and sees the activity and the new instance on the Scaling and Residency tabs", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, ENDPOINT);
  expect(await uploadPackage(page, ENDPOINT, "onnx-add", fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")))).toBe(1);

  await page.goto(`/endpoints/${ENDPOINT}`);
  await page.getByTestId("scaling-link").click();
  await expect(page.getByTestId("scaling-title")).toHaveText("Scaling");
  await expect(page.getByTestId("target-summary")).toContainText("Not registered");

  // A min above the max is refused in words before anything is sent.
  await page.getByTestId("target-min").fill("3");
  await page.getByTestId("target-max").fill("2");
  await expect(page.getByTestId("error-target-max")).toHaveText("The minimum must not be above the maximum.");
  await expect(page.getByTestId("target-save")).toBeDisabled();
  await page.getByTestId("target-min").fill("1");
  await page.getByTestId("target-max").fill("2");
  await page.getByTestId("target-save").click();
  await expect(page.getByTestId("toasts")).toContainText("Registered for scaling");
  await expect(page.getByTestId("target-summary")).toContainText("Scales between 1 and 2 instances");

  await page.getByTestId("policy-add").click();
  await expect(page.getByTestId("invocations-sizing")).toContainText("(MAX_RPS × SAFETY_FACTOR) × 60");
  await page.getByTestId("sizing-rps").fill("10");
  await expect(page.getByTestId("invocations-sizing")).toContainText("10 × 0.5 × 60 = 300");
  await expect(page.getByTestId("cold-start")).toContainText("Cold starts on scale-out");
  // Target 1 invocation per instance per (1-second) period: any steady load is above it.
  await page.getByTestId("policy-target").fill("1");
  await page.getByTestId("policy-scale-out").fill("0");
  await page.getByTestId("policy-scale-in").fill("5");
  await page.getByTestId("policy-disable-scale-in").check();
  await page.getByTestId("policy-save").click();
  await expect(page.getByTestId("toasts")).toContainText("Policy saved");
  const row = page.getByTestId("policy-row");
  await expect(row).toContainText("invocations-per-instance");
  await expect(row).toContainText("Invocations per instance at 1");
  await expect(row).toContainText("scale-in off");

  const stop = driveLoad(page);
  try {
    const activity = page.getByTestId("activity-row").filter({ hasText: "Setting desired instance count to 2" });
    await expect(activity).toBeVisible({ timeout: 90_000 });
    await expect(activity.getByTestId("activity-cause")).toContainText("triggered policy invocations-per-instance");
    await expect(activity.getByTestId("activity-status")).toHaveText("Successful", { timeout: 60_000 });
    // The cold-start estimate now has traffic to go by.
    await expect(page.getByTestId("cold-start-sentence")).toContainText("A new instance will load", { timeout: 30_000 });
    await expect(page.getByTestId("chart-instances").getByTestId("chart-plot")).toBeVisible();

    await page.getByTestId("residency-link").click();
    await expect(page.getByTestId(`fleet-AllTraffic`)).toContainText("2 instances", { timeout: 30_000 });
    // Instances are numbered from 0: the new one is instance 1, its cache empty or just filling.
    await expect(page.getByTestId("instance-1")).toBeVisible();
  } finally {
    await stop();
  }

  // Every change is in the audit log, in words.
  const audit = (await (await api.get(`/api/audit?resource=${ENDPOINT}&limit=50`)).json()) as { entries: { action: string; detail?: string }[] };
  expect(audit.entries).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ action: "RegisterScalableTarget", detail: "registered for scaling: min 1, max 2" }),
      expect.objectContaining({ action: "PutScalingPolicy", detail: "policy invocations-per-instance: invocations-per-instance target 1, scale-out cooldown 0 s, scale-in cooldown 5 s, scale-in off" }),
    ]),
  );

  // A scheduled action, added and deleted.
  await page.getByTestId("scaling-link").click();
  await page.getByTestId("sa-name").fill("nightly");
  await page.getByTestId("sa-schedule").fill("cron(0 20 * * ? *)");
  await page.getByTestId("sa-max").fill("1");
  await page.getByTestId("sa-save").click();
  await expect(page.getByTestId("scheduled-action-row")).toContainText("nightly");
  await page.getByTestId("scheduled-action-delete").click();
  await expect(page.getByTestId("no-scheduled-actions")).toBeVisible();
});

test("a viewer reads the scaling but cannot change it", async ({ page }) => {
  await signInAs(page, "viewer", `/endpoints/${ENDPOINT}/scaling`);
  await expect(page.getByTestId("target-summary")).toContainText("Scales between 1 and 2 instances");
  await expect(page.getByTestId("policy-row")).toContainText("invocations-per-instance");
  await expect(page.getByTestId("activity-row").first()).toBeVisible();
  await expect(page.getByText("Admins can change the scaling of this endpoint.")).toBeVisible();
  for (const id of ["target-save", "target-deregister", "policy-add", "policy-delete", "sa-save", "scheduled-action-delete"]) await expect(page.getByTestId(id)).toHaveCount(0);
  const refused = await consoleApi(page).put(`/api/endpoints/${ENDPOINT}/scaling/target`, { minCapacity: 1, maxCapacity: 5 });
  expect(refused.status()).toBe(403);
});

test("an admin deregisters the variant: its policy goes with it", async ({ page }) => {
  await signInAs(page, "admin", `/endpoints/${ENDPOINT}/scaling`);
  await page.getByTestId("target-deregister").click();
  await page.getByTestId("confirm-button").click();
  await expect(page.getByTestId("toasts")).toContainText("Deregistered from scaling");
  await expect(page.getByTestId("target-summary")).toContainText("Not registered");
  await expect(page.getByTestId("no-policies")).toBeVisible();
});
