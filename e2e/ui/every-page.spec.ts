import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { guardContext, type AllowedResponse, type PageGuard } from "../support/page-guard";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

/**
 * Every page of the console, as an admin and as a viewer, signed out where a page is for that:
 * in normal use no page may answer a request with 4xx/5xx (but what it provokes on purpose), log
 * a CSP violation, throw, or have a serious or critical axe-core violation.
 */

/** One name for the run: after a failed test Playwright starts a new worker, whose setup finds the endpoint made. */
const ENDPOINT = "every-page";
const MODEL = "onnx-add";
const MISSING = "/no-such-page";

type Visit = { label: string; path: string; allow?: AllowedResponse };

/** The 404 page answers its own document with 404: that is the point of it. */
const notFoundDocument: AllowedResponse = (r) => r.request().resourceType() === "document" && new URL(r.url()).pathname === MISSING && r.status() === 404;

const e = encodeURIComponent(ENDPOINT);
const CONSOLE_PAGES: Visit[] = [
  { label: "endpoints list", path: "/endpoints" },
  { label: "new endpoint", path: "/endpoints/new" },
  { label: "endpoint", path: `/endpoints/${e}` },
  { label: "endpoint models", path: `/endpoints/${e}/models` },
  { label: "model", path: `/endpoints/${e}/models/${MODEL}` },
  { label: "model metrics", path: `/endpoints/${e}/models/${MODEL}/metrics` },
  { label: "endpoint metrics", path: `/endpoints/${e}/metrics` },
  { label: "residency", path: `/endpoints/${e}/residency` },
  { label: "scaling", path: `/endpoints/${e}/scaling` },
  { label: "playground", path: `/playground?endpoint=${e}` },
  { label: "audit", path: "/audit" },
  { label: "404", path: MISSING, allow: notFoundDocument },
];

const SIGNED_OUT_PAGES: Visit[] = [
  { label: "sign-in", path: "/signin" },
  { label: "no-access", path: "/no-access" },
  { label: "404", path: MISSING, allow: notFoundDocument },
];

const states: Partial<Record<"admin" | "viewer", Awaited<ReturnType<BrowserContext["storageState"]>>>> = {};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  // An endpoint that serves a model and has been invoked, so every chart, table and tab has data.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, "admin");
  const api = consoleApi(page);
  if ((await api.get(`/api/endpoints/${ENDPOINT}`)).status() === 404) await makeEndpoint(page);
  states.admin = await context.storageState();
  await context.close();
  for (const who of ["viewer"] as const) {
    const c = await browser.newContext();
    await signInAs(await c.newPage(), who);
    states[who] = await c.storageState();
    await c.close();
  }
});

async function makeEndpoint(page: Page) {
  const api = consoleApi(page);
  await createServingEndpoint(api, ENDPOINT);
  expect(await uploadPackage(page, ENDPOINT, MODEL, fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")))).toBe(1);
  const input = (name: string) => ({ name, shape: [1, 4], datatype: "FP32", data: [0, 1, 2, 3] });
  for (let i = 0; i < 3; i++) {
    const res = await api.post(`/api/endpoints/${ENDPOINT}/invoke`, { model: MODEL, version: 1, request: { inputs: [input("INPUT0"), input("INPUT1")] } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

/** Opens `visit` in a fresh guarded context, waits until the page has settled, runs axe, and expects no problem. */
async function checkPage(browser: Browser, visit: Visit, who: "admin" | "viewer" | "signed out") {
  // axe is CPU-heavy; the endpoint page also visits each of its sub-pages.
  test.setTimeout(visit.label === "endpoint" ? 300_000 : 120_000);
  const label = `${who}: ${visit.label}`;
  const context = await browser.newContext(who === "signed out" ? {} : { storageState: states[who] });
  const guard = await guardContext(context);
  const page = await context.newPage();
  guard.at(label, visit.allow);
  await page.goto(visit.path);
  await settle(page);
  await guard.checkAccessibility(page);
  await visitSubPages(page, visit, guard, label);
  await context.close();
  expect(guard.problems.map((p) => `[${p.page}] ${p.kind}: ${p.detail}`)).toEqual([]);
}

/**
 * The endpoint page's tabs and links to its own sub-pages that the list above does not name
 * (whatever tabs it grows): each is clicked from the endpoint page, as a user would (a
 * client-side navigation), and checked the same way.
 */
async function visitSubPages(page: Page, visit: Visit, guard: PageGuard, label: string) {
  if (visit.label !== "endpoint") return;
  const base = `/endpoints/${e}/`;
  const hrefs = await page.locator(`main a[href^="${base}"]`).evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))]);
  const listed = new Set(CONSOLE_PAGES.map((v) => v.path));
  for (const href of hrefs.filter((h) => !listed.has(h))) {
    await page.goto(visit.path);
    await settle(page);
    guard.at(`${label} → ${href.slice(base.length)}`);
    await page.locator(`main a[href="${href}"]`).first().click();
    await page.waitForURL((u) => `${u.pathname}${u.search}` === href);
    await settle(page);
    await guard.checkAccessibility(page);
  }
}

/** Waits until no request is in flight and nothing says it is loading. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator("main").getByText(/^Loading/)).toHaveCount(0);
}

for (const who of ["admin", "viewer"] as const) {
  test.describe(`as ${who}`, () => {
    for (const visit of CONSOLE_PAGES) {
      test(`${visit.label} (${visit.path.replace(ENDPOINT, "<endpoint>")}): no failing request, CSP violation, page error or serious axe violation`, async ({ browser }) => {
        await checkPage(browser, visit, who);
      });
    }
  });
}

test("signing in (the sign-in page, the dev IdP's form, back to the console) makes no failing request and no CSP violation", async ({ browser }) => {
  const context = await browser.newContext();
  const guard = await guardContext(context);
  guard.at("signing in");
  await signInAs(await context.newPage(), "admin");
  await context.close();
  expect(guard.problems.map((p) => `[${p.page}] ${p.kind}: ${p.detail}`)).toEqual([]);
});

test.describe("signed out", () => {
  for (const visit of SIGNED_OUT_PAGES) {
    test(`${visit.label} (${visit.path}): no failing request, CSP violation, page error or serious axe violation`, async ({ browser }) => {
      await checkPage(browser, visit, "signed out");
    });
  }
});
