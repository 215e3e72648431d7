import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { formatBytes } from "../../lib/format-bytes";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

const MODELS = path.resolve("fixtures/models");
const onnxAdd = () => new Uint8Array(fs.readFileSync(path.join(MODELS, "onnx-add.tar.gz")));
const REQUEST = JSON.parse(fs.readFileSync(path.join(MODELS, "onnx-add.reference.json"), "utf8")).cases[0].request;

type Entry = { action: string; actor: string; resource: string; result: string; detail?: string; reason?: string };

/** The audit table's row that shows `detail` for `resource`. */
function row(page: Page, resource: string, detail: string): Locator {
  return page.getByTestId("audit-row").filter({ has: page.getByTestId("audit-resource").getByText(resource, { exact: true }) }).filter({ hasText: detail });
}

/** Clicks Older until the row is on the page: what an admin does looking for an older change. */
async function pageBackTo(page: Page, target: Locator): Promise<number> {
  for (let pages = 1; pages <= 20; pages++) {
    await expect(page.getByTestId("audit-table")).toBeVisible();
    if ((await target.count()) > 0) return pages;
    await page.getByTestId("audit-older").click();
    await expect(page).toHaveURL(/cursor=o\d+/);
  }
  throw new Error("not found within 20 pages");
}

test("the audit log pages back past hundreds of invocations and later changes to an alias move and an instance-count change, and its filters find them", async ({ browser }) => {
  test.setTimeout(240_000);
  const endpoint = `audit-${Date.now().toString(36)}`;
  const model = `${endpoint}/onnx-add`;
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  expect(await uploadPackage(page, endpoint, "onnx-add", onnxAdd())).toBe(1);
  expect(await uploadPackage(page, endpoint, "onnx-add", onnxAdd())).toBe(2);
  const aliasPath = (alias: string) => `/api/endpoints/${endpoint}/models/onnx-add/aliases/${alias}`;
  expect((await api.put(aliasPath("production"), { version: 1 })).status()).toBe(200);

  // The changes to find later: an alias move and an instance-count change.
  expect((await api.put(aliasPath("production"), { version: 2 })).status()).toBe(200);
  expect((await api.patch(`/api/endpoints/${endpoint}`, { instanceCount: 3 })).status()).toBe(200);
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${endpoint}`)).json()).status, { timeout: 30_000 }).toBe("InService");

  // A viewer's refused attempt is audited as before.
  const viewerPage = await (await browser.newContext()).newPage();
  await signInAs(viewerPage, "viewer");
  expect((await consoleApi(viewerPage).put(aliasPath("production"), { version: 1 })).status()).toBe(403);

  // ~250 invocations: none of them is a change.
  for (let i = 0; i < 250; i++) {
    const res = await api.post(`/api/endpoints/${endpoint}/invoke`, { model: "onnx-add", alias: "production", request: REQUEST });
    expect(res.status(), await res.text()).toBe(200);
  }
  // And more than a page of later changes, so that paging is what finds the first ones.
  for (let i = 0; i < 60; i++) expect((await api.put(aliasPath("canary"), { version: (i % 2) + 1 })).status()).toBe(200);

  const mine = (await (await api.get(`/api/audit?resource=${endpoint}&limit=200`)).json()) as { entries: Entry[] };
  expect(mine.entries.filter((e) => e.action === "InvokeEndpoint")).toEqual([]);
  expect(mine.entries.map((e) => e.action)).not.toContain("SignUploadParts");

  await page.goto("/audit");
  const aliasMove = row(page, model, "production v1 → v2");
  const instances = row(page, endpoint, "instances 1 → 3");
  await expect(instances).toHaveCount(0);
  expect(await pageBackTo(page, instances)).toBeGreaterThan(1);
  await expect(instances).toContainText("UpdateEndpoint");
  await expect(instances).toContainText("admin@example.com");
  await pageBackTo(page, aliasMove);
  await expect(aliasMove).toHaveCount(1);
  await expect(aliasMove).toContainText("SetAlias");
  await expect(aliasMove.getByTestId("audit-result")).toHaveText("ok 200");

  // A page stays put while new changes are written above it.
  const here = page.url();
  const firstRow = await page.getByTestId("audit-row").first().textContent();
  for (let i = 0; i < 3; i++) expect((await api.put(aliasPath("canary"), { version: (i % 2) + 1 })).status()).toBe(200);
  await page.reload();
  expect(page.url()).toBe(here);
  await expect(page.getByTestId("audit-row").first()).toHaveText(firstRow!);

  // The filters find them on the first page, and say so in the URL.
  await page.goto("/audit");
  await page.getByTestId("audit-filter-resource").fill(endpoint);
  await page.getByTestId("audit-apply").click();
  await expect(page).toHaveURL(new RegExp(`[?&]resource=${endpoint}(&|$)`));
  await page.getByTestId("audit-filter-action").selectOption("UpdateEndpoint");
  await expect(page).toHaveURL(/[?&]action=UpdateEndpoint(&|$)/);
  await expect(page.getByTestId("audit-row")).toHaveCount(1);
  await expect(instances).toHaveCount(1);

  await page.getByTestId("audit-filter-action").selectOption("SetAlias");
  await page.getByTestId("audit-filter-user").selectOption("admin@example.com");
  await expect(page).toHaveURL(/[?&]user=admin%40example\.com(&|$)/);
  await pageBackTo(page, aliasMove);
  await expect(page.getByTestId("audit-row").filter({ hasNotText: "SetAlias" })).toHaveCount(0);

  // The viewer's refusal, by outcome; a user's name narrows the log to them.
  await page.goto(`/audit?resource=${model}&result=refused`);
  await expect(page.getByTestId("audit-filter-result")).toHaveValue("refused");
  const refused = page.getByTestId("audit-row");
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText("viewer@example.com");
  await expect(refused.getByTestId("audit-reason")).toContainText("Your role (viewer) may not do this");
  await refused.getByTestId("audit-actor").click();
  await expect(page).toHaveURL(/[?&]user=viewer%40example\.com(&|$)/);
  await expect(page.getByTestId("audit-filter-user")).toHaveValue("viewer@example.com");
  await page.getByTestId("audit-clear").click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("an upload is one audit entry with its outcome: completed, refused by the checker, or aborted", async ({ page }) => {
  const endpoint = `auditup-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  const api = consoleApi(page);
  await createServingEndpoint(api, endpoint);
  const base = `/api/endpoints/${endpoint}/uploads`;

  expect(await uploadPackage(page, endpoint, "onnx-add", onnxAdd())).toBe(1);

  // A package the checker refuses, uploaded as the browser does.
  const broken = fs.readFileSync(path.join(MODELS, "broken", "config-syntax.tar.gz"));
  const session = await (await api.post(base, { model: "onnx-add", size: broken.length })).json();
  const { parts } = await (await api.post(`${base}/parts`, { key: session.key, uploadId: session.uploadId, partNumbers: [1] })).json();
  const put = await page.request.put(parts[0].url, { data: broken });
  const refused = await api.post(`${base}/complete`, { key: session.key, uploadId: session.uploadId, parts: [{ partNumber: 1, etag: put.headers()["etag"] }] });
  expect(refused.status()).toBe(422);

  // One started and cancelled.
  const cancelled = await (await api.post(base, { model: "onnx-add", size: 1234 })).json();
  expect((await api.post(`${base}/abort`, { key: cancelled.key, uploadId: cancelled.uploadId })).status()).toBe(200);

  await page.goto(`/audit?resource=${endpoint}`);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText("UploadModel");
  await expect(rows.nth(0).getByTestId("audit-detail")).toHaveText(`aborted upload of onnx-add v${cancelled.version}`);
  await expect(rows.nth(0).getByTestId("audit-result")).toContainText("aborted");
  await expect(rows.nth(1).getByTestId("audit-detail")).toHaveText(`upload of onnx-add v${session.version} refused by the checker`);
  await expect(rows.nth(1).getByTestId("audit-result")).toHaveText("rejected 422");
  await expect(rows.nth(1).getByTestId("audit-reason")).toContainText("would not load");
  await expect(rows.nth(2).getByTestId("audit-detail")).toHaveText(`uploaded onnx-add v1 (${formatBytes(onnxAdd().length)})`);
  await expect(rows.nth(2).getByTestId("audit-result")).toHaveText("ok 200");
  await expect(rows.nth(2).getByTestId("audit-resource")).toHaveText(`${endpoint}/onnx-add`);
  await expect(rows.nth(3).getByTestId("audit-detail")).toHaveText(`created endpoint ${endpoint} (ml.g5.xlarge × 1)`);

  await page.getByTestId("audit-filter-result").selectOption("rejected");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("refused by the checker");
});
