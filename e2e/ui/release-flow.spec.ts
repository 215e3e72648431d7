import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { configMismatchPackage, randomBytesOnnxPackage } from "../../test/support/bff/verification-packages";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { guardContext } from "../support/page-guard";
import { uploadPackage } from "../support/upload-package";

const MODELS = path.resolve("fixtures/models");
const ONNX_ADD = new Uint8Array(fs.readFileSync(path.join(MODELS, "onnx-add.tar.gz")));
const REQUEST = JSON.parse(fs.readFileSync(path.join(MODELS, "onnx-add.reference.json"), "utf8")).cases[0].request;
const FORCE_REASON = "hotfix for INC-4711, verified by hand on staging";

/** A MultiModel endpoint with `instances` instances, InService, so that a warm-up has several to report. */
async function createEndpoint(page: Page, name: string, instances: number) {
  const api = consoleApi(page);
  expect((await api.post("/api/endpoints", endpointInput(name, { modelDataUrl: `s3://mme-models/${name}/`, instanceCount: instances }))).status()).toBe(201);
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${name}`)).json()).status, { timeout: 30_000 }).toBe("InService");
}

/** Uploads a version through the API (the upload form is not this spec's subject) and shows the model page with its finished check. */
async function uploadVersion(page: Page, endpoint: string, bytes: Uint8Array, version: number, status: "verified" | "failed") {
  expect(await uploadPackage(page, endpoint, "onnx-add", bytes)).toBe(version);
  await page.reload();
  await expect(page.getByTestId(`verification-${version}`)).toHaveAttribute("data-status", status, { timeout: 60_000 });
}

const titleChip = (page: Page, alias: string) => page.getByTestId("model-title").getByTestId(`alias-${alias}`);

// Issue 17's release flow on the local engine, as an admin does it in the console: an alias moves
// only to a verified version (or forced, with a reason that lands in the audit log), warms the new
// version on every instance first, rolls back in one click, and canaries are watched side by side
// and then promoted or aborted. The Models tab lists what moved in the last 24 hours.
test("the release flow: verified moves, a forced one with its reason audited, warm-up on every instance, rollback, canaries promoted and aborted", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "admin");
  const endpoint = `release-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  await createEndpoint(page, endpoint, 2);
  await page.goto(`/endpoints/${endpoint}/models`);

  // Random bytes named model.onnx are refused before a byte is sent: no version, nothing to alias.
  await page.getByTestId("package-input").setInputFiles({ name: "onnx-add.tar.gz", mimeType: "application/gzip", buffer: Buffer.from(randomBytesOnnxPackage("onnx-add")) });
  await expect(page.getByTestId("package-errors")).toContainText("onnx-add/1/model.onnx is not an ONNX model");
  await expect(page.getByTestId("upload-button")).toHaveCount(0);

  // v1, a good version: verified after its upload; production is set to it through the dialog.
  await page.getByTestId("package-input").setInputFiles(path.join(MODELS, "onnx-add.tar.gz"));
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-done")).toContainText("onnx-add v1");
  await page.getByTestId("model-row-onnx-add").getByRole("link", { name: "onnx-add" }).click();
  await expect(page.getByTestId("verification-1")).toHaveAttribute("data-status", "verified", { timeout: 60_000 });
  await page.getByTestId("alias-name").fill("production");
  await page.getByTestId("alias-version").selectOption("1");
  await page.getByTestId("alias-save").click();
  const move = page.getByTestId("move-alias-dialog");
  await expect(move.getByTestId("move-from")).toContainText("not set");
  await expect(move.getByTestId("move-to-verification")).toHaveText("verified");
  await move.getByTestId("move-warm").uncheck();
  await move.getByTestId("move-confirm").click();
  await expect(move).toBeHidden();
  await expect(titleChip(page, "production")).toHaveText("production → v1");

  // v2 passes the browser's check but fails verification (its config names an input the graph lacks).
  await uploadVersion(page, endpoint, configMismatchPackage("onnx-add"), 2, "failed");
  await page.getByTestId("alias-move-production").click();
  await move.getByTestId("move-version").selectOption("2");
  await expect(move.getByTestId("move-from")).toContainText("v1");
  await expect(move.getByTestId("move-from-verification")).toHaveText("verified");
  await expect(move.getByTestId("move-to-verification")).toHaveText("failed");
  // Its verification's own requests are its traffic so far.
  await expect(move.getByTestId("move-current-traffic")).toHaveText(/^v1 in the last hour: \d+ invocations, error rate 0 %, p99 [\d.]+ (µs|ms)\.$/);
  await expect(move.getByTestId("release-blocked")).toContainText("v2 failed verification");
  await expect(move.getByTestId("release-blocked")).toContainText("Aliases move only to verified versions.");
  await expect(move.getByTestId("move-confirm")).toBeDisabled();
  // An admin may force it, with a reason of at least 10 characters; warming v2 would fail, so no warm-up.
  await move.getByTestId("force-open").click();
  await move.getByTestId("force-reason").fill("hotfix");
  await expect(move.getByTestId("move-confirm")).toBeDisabled();
  await expect(move.getByTestId("move-confirm")).toHaveText("Force move");
  await move.getByTestId("force-reason").fill(FORCE_REASON);
  await move.getByTestId("move-warm").uncheck();
  await move.getByTestId("move-confirm").click();
  await expect(move).toBeHidden();
  await expect(titleChip(page, "production")).toHaveText("production → v2");
  await expect(page.getByTestId("alias-history").locator("li").first()).toContainText(`production v1 → v2 (forced: ${FORCE_REASON}) by admin@example.com`);

  // One click back to v1 (no verification gate: it served before).
  await expect(page.getByTestId("alias-rollback-production")).toHaveText("Roll back to v1");
  await page.getByTestId("alias-rollback-production").click();
  await expect(titleChip(page, "production")).toHaveText("production → v1");
  await expect(page.getByTestId("toast").filter({ hasText: "production rolled back to v1" })).toBeVisible();
  await expect(page.getByTestId("alias-history").locator("li").first()).toContainText("production v2 → v1 (rolled back)");

  // v3, good again: moved to with a warm-up that reports each of the endpoint's two instances.
  await uploadVersion(page, endpoint, ONNX_ADD, 3, "verified");
  await page.getByTestId("alias-move-production").click();
  await move.getByTestId("move-version").selectOption("3");
  await expect(move.getByTestId("release-blocked")).toHaveCount(0);
  await expect(move.getByTestId("move-warm")).toBeChecked();
  await expect(move.getByTestId("move-confirm")).toHaveText("Move production to v3");
  await move.getByTestId("move-confirm").click();
  await expect(move.getByTestId("move-done")).toHaveText("production moved from v1 to v3.");
  await expect(move.getByTestId("warm-report")).toContainText("Warmed onnx-add/v3.tar.gz on 2 instances");
  await expect(move.getByTestId("warm-instance")).toHaveCount(2);
  await move.getByTestId("move-close").click();
  await expect(titleChip(page, "production")).toHaveText("production → v3");
  await page.getByTestId("alias-rollback-production").click();
  await expect(titleChip(page, "production")).toHaveText("production → v1");

  // A canary: v1 keeps 90 %, v3 takes 10 %; both side by side while requests flow.
  await page.getByTestId("alias-canary-production").click();
  const canaryDialog = page.getByTestId("canary-dialog");
  await canaryDialog.getByTestId("canary-version").selectOption("3");
  await expect(canaryDialog.getByTestId("canary-weight")).toHaveValue("10");
  await expect(canaryDialog.getByTestId("canary-split")).toHaveText("v1 90 %, v3 10 %");
  await canaryDialog.getByTestId("canary-warm").uncheck();
  await canaryDialog.getByTestId("canary-start").click();
  await expect(canaryDialog).toBeHidden();
  await expect(titleChip(page, "production")).toHaveText("production → v1 · v3 10 %");
  const panel = page.getByTestId("canary-panel-production");
  await expect(panel.getByTestId("canary-stable-weight")).toHaveText("90 %");
  await expect(panel.getByTestId("canary-canary-weight")).toHaveText("10 %");
  await expect(page.getByTestId("alias-move-production")).toBeDisabled();
  // Each version's invocations so far (its verification's requests), from the route the panel reads.
  const invocations = async (): Promise<Record<string, number>> => {
    const m = (await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add/metrics?range=1h`)).json()) as { byVersion: Record<string, { series: { invocations?: [number, number][] } }> };
    return Object.fromEntries(Object.entries(m.byVersion).map(([v, sets]) => [v, (sets.series.invocations ?? []).reduce((n, [, x]) => n + x, 0)]));
  };
  const before = await invocations();
  const served: Record<number, number> = {};
  for (let i = 0; i < 100; i++) {
    const res = await api.post(`/api/endpoints/${endpoint}/invoke`, { model: "onnx-add", alias: "production", request: REQUEST });
    expect(res.status(), await res.text()).toBe(200);
    const version = (await res.json()).version as number;
    served[version] = (served[version] ?? 0) + 1;
  }
  expect(Object.keys(served).sort()).toEqual(["1", "3"]);
  // The panel asks again every 10 s; the engine flushes its metrics in batches.
  await expect(panel.getByTestId("canary-stable-invocations")).toHaveText(String((before["1"] ?? 0) + served[1]!), { timeout: 45_000 });
  await expect(panel.getByTestId("canary-canary-invocations")).toHaveText(String((before["3"] ?? 0) + served[3]!), { timeout: 45_000 });
  await expect(panel.getByTestId("canary-canary-error-rate")).toHaveText("0 %");
  await expect(panel.getByTestId("canary-canary-p99")).not.toHaveText("—");

  await panel.getByTestId("canary-promote").click();
  await page.getByTestId("confirm-button").click();
  await expect(titleChip(page, "production")).toHaveText("production → v3");
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId("alias-history").locator("li").first()).toContainText("production v1 → v3 (canary v3 promoted)");

  // Another canary, aborted: production stays on v3.
  await page.getByTestId("alias-canary-production").click();
  await canaryDialog.getByTestId("canary-version").selectOption("1");
  await canaryDialog.getByTestId("canary-weight").fill("25");
  await canaryDialog.getByTestId("canary-warm").uncheck();
  await canaryDialog.getByTestId("canary-start").click();
  await expect(titleChip(page, "production")).toHaveText("production → v3 · v1 25 %");
  await panel.getByTestId("canary-abort").click();
  await page.getByTestId("confirm-button").click();
  await expect(titleChip(page, "production")).toHaveText("production → v3");
  await expect(page.getByTestId("alias-history").locator("li").first()).toContainText("production canary v1 aborted, stays v3");

  // The forced move's reason is in the audit log.
  await page.goto(`/audit?resource=${endpoint}`);
  await expect(page.getByTestId("audit-row").filter({ hasText: `production v1 → v2 (forced: ${FORCE_REASON})` })).toHaveCount(1);

  // The Models tab lists the last 24 hours' changes, newest first, and production's chip as it is.
  await page.goto(`/endpoints/${endpoint}/models`);
  const changes = page.getByTestId("recent-alias-change");
  await expect(changes.first()).toContainText("production");
  await expect(changes.first().getByTestId("recent-alias-change-kind")).toHaveText("abort");
  const kinds = await page.getByTestId("recent-alias-change-kind").allTextContents();
  expect(kinds).toEqual(["abort", "canary", "promote", "canary", "rollback", "move", "rollback", "move, forced", "move"]);
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("alias-production")).toHaveText("production → v3");
});

// Two admins decide on the same alias from the same screen: the first move wins, the second is
// told who moved it where, sees the new state, and decides again.
test("two browsers move the same alias from the same seen state: one wins, the other is told and shown the new state", async ({ browser }) => {
  test.setTimeout(120_000);
  const [first, second] = await Promise.all([browser.newContext(), browser.newContext()]).then((cs) => Promise.all(cs.map((c) => c.newPage())));
  await signInAs(first!, "admin");
  await signInAs(second!, "admin");
  const endpoint = `race-${Date.now().toString(36)}`;
  const api = consoleApi(first!);
  await createEndpoint(first!, endpoint, 1);
  for (const v of [1, 2, 3]) expect(await uploadPackage(first!, endpoint, "onnx-add", ONNX_ADD)).toBe(v);
  const modelUrl = `/endpoints/${endpoint}/models/onnx-add`;
  await expect
    .poll(async () => ((await (await api.get(`/api${modelUrl}`)).json()).versions as { verification?: { status: string } }[]).every((v) => v.verification?.status === "verified"), { timeout: 60_000 })
    .toBe(true);
  expect((await api.put(`/api${modelUrl}/aliases/production`, { version: 1 })).status()).toBe(200);

  for (const p of [first!, second!]) {
    await p.goto(modelUrl);
    await expect(titleChip(p, "production")).toHaveText("production → v1");
    await p.getByTestId("alias-move-production").click();
    await p.getByTestId("move-warm").uncheck();
  }
  await first!.getByTestId("move-version").selectOption("2");
  await second!.getByTestId("move-version").selectOption("3");
  await first!.getByTestId("move-confirm").click();
  await expect(titleChip(first!, "production")).toHaveText("production → v2");

  // The second still shows v1 → v3: its move is refused, in words, and its page catches up.
  await second!.getByTestId("move-confirm").click();
  await expect(second!.getByTestId("alias-changed")).toContainText("production was moved to v2 by admin@example.com");
  await expect(second!.getByTestId("alias-changed")).toContainText("nothing was changed");
  await expect(titleChip(second!, "production")).toHaveText("production → v2");
  await expect(second!.getByTestId("move-from")).toContainText("v2");
  expect((await (await api.get(`/api${modelUrl}`)).json()).aliases).toEqual({ production: 2 });

  // Deciding again on the new state works.
  await second!.getByTestId("move-confirm").click();
  await expect(second!.getByTestId("move-alias-dialog")).toBeHidden();
  await expect(titleChip(second!, "production")).toHaveText("production → v3");
  expect((await (await api.get(`/api${modelUrl}`)).json()).aliases).toEqual({ production: 3 });
});

// On a phone the alias card, the dialogs and the canary panel fit the width (dialogs scroll
// inside the screen), and with a dialog open nothing breaks axe's serious rules.
test("at 390 px the alias card, the move and canary dialogs and the canary panel fit and pass axe", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const guard = await guardContext(context);
  const page = await context.newPage();
  await signInAs(page, "admin");
  const endpoint = `release-phone-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  await createEndpoint(page, endpoint, 1);
  const modelUrl = `/endpoints/${endpoint}/models/onnx-add`;
  expect(await uploadPackage(page, endpoint, "onnx-add", ONNX_ADD)).toBe(1);
  expect(await uploadPackage(page, endpoint, "onnx-add", ONNX_ADD)).toBe(2);
  expect(await uploadPackage(page, endpoint, "onnx-add", configMismatchPackage("onnx-add"))).toBe(3);
  await expect
    .poll(async () => ((await (await api.get(`/api${modelUrl}`)).json()).versions as { verification?: { status: string } }[]).map((v) => v.verification?.status).sort(), { timeout: 60_000 })
    .toEqual(["failed", "verified", "verified"]);
  for (const alias of ["production", "staging"]) expect((await api.put(`/api${modelUrl}/aliases/${alias}`, { version: 1 })).status()).toBe(200);
  expect((await api.put(`/api${modelUrl}/aliases/production/canary`, { version: 2, weight: 10 })).status()).toBe(200);

  const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  guard.at("model page at 390 px");
  await page.goto(modelUrl);
  await expect(page.getByTestId("canary-panel-production")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await fits();
  await guard.checkAccessibility(page);

  guard.at("move dialog, forcing, at 390 px");
  await page.getByTestId("alias-move-staging").click();
  const move = page.getByTestId("move-alias-dialog");
  await move.getByTestId("move-version").selectOption("3");
  await move.getByTestId("force-open").click();
  await move.getByTestId("force-reason").fill("hotfix for INC-4711, checked by hand");
  await expect(move.getByTestId("move-confirm")).toBeEnabled();
  const box = await move.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(box!.height).toBeLessThanOrEqual(844);
  await fits();
  await guard.checkAccessibility(page);
  await move.getByTestId("move-cancel").click();

  guard.at("canary dialog at 390 px");
  await page.getByTestId("alias-canary-staging").click();
  const canary = page.getByTestId("canary-dialog");
  await canary.getByTestId("canary-weight").fill("100");
  await expect(canary.getByTestId("canary-split")).toHaveText("A canary takes at most 99 %: promote it to send it everything");
  await expect(canary.getByTestId("canary-start")).toBeDisabled();
  await fits();
  await guard.checkAccessibility(page);
  await context.close();
  expect(guard.problems.map((p) => `[${p.page}] ${p.kind}: ${p.detail}`)).toEqual([]);
});
