import { expect, test } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { guardContext } from "../support/page-guard";
import { createServingEndpoint } from "../support/serving-endpoint";

/** Whether the page scrolls sideways: what a phone user would have to pan. */
const scrollWidth = (page: import("@playwright/test").Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("at 390 px wide the sidebar waits behind a menu button and no page scrolls sideways", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInAs(page, "admin");
  const endpoint = `phone-${Date.now().toString(36)}`;
  await createServingEndpoint(consoleApi(page), endpoint);

  const sidebar = page.getByTestId("app-sidebar");
  const menu = page.getByTestId("nav-menu-button");
  for (const path of ["/endpoints", `/endpoints/${endpoint}`, `/endpoints/${endpoint}/history`, "/endpoints/new"]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    await expect(sidebar).toBeHidden();
    await expect(menu).toBeVisible();
    expect(await scrollWidth(page), path).toBeLessThanOrEqual(390);
  }

  // The menu opens the navigation over the page; following a link closes it again.
  await menu.click();
  await expect(sidebar).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await sidebar.getByRole("link", { name: "Playground" }).click();
  await expect(page).toHaveURL(/\/playground/);
  await expect(sidebar).toBeHidden();
  // Escape closes it too.
  await menu.click();
  await expect(sidebar).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(sidebar).toBeHidden();
});

test("on a wide screen the sidebar collapses to a rail of icons, and stays so after a reload", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "admin");
  const sidebar = page.getByTestId("app-sidebar");
  const endpoints = sidebar.getByRole("link", { name: "Endpoints" });
  await expect(page.getByTestId("nav-menu-button")).toBeHidden();
  await expect(endpoints).toContainText("Endpoints");
  const wide = (await sidebar.boundingBox())!.width;

  await page.getByTestId("sidebar-collapse").click();
  await expect(page.getByTestId("sidebar-collapse")).toHaveAttribute("aria-expanded", "false");
  // Still a link named Endpoints (for screen readers and on hover), drawn as an icon.
  await expect(endpoints).toBeVisible();
  await expect.poll(async () => (await sidebar.boundingBox())!.width).toBeLessThan(wide / 2);

  await page.reload();
  await expect(page.getByTestId("sidebar-collapse")).toHaveAttribute("aria-expanded", "false");
  expect((await sidebar.boundingBox())!.width).toBeLessThan(wide / 2);
  await page.getByTestId("sidebar-collapse").click();
  await expect(page.getByTestId("sidebar-collapse")).toHaveAttribute("aria-expanded", "true");
  await expect.poll(async () => (await sidebar.boundingBox())!.width).toBe(wide);
});

test("/favicon.ico is an icon, for anyone", async ({ request }) => {
  const res = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  // An ICO file starts with reserved 0, type 1 (icon).
  expect([...(await res.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
});

test("an unknown page is the console's own 404, with its navigation, and its scripts run under the CSP", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const guard = await guardContext(context);
  const page = await context.newPage();
  await signInAs(page, "admin");

  guard.at("404", (r) => r.request().resourceType() === "document" && new URL(r.url()).pathname === "/no-such-page" && r.status() === 404);
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("/no-such-page");
  await expect(page.getByTestId("app-sidebar").getByRole("link", { name: "Endpoints" })).toBeVisible();
  await expect(page.getByTestId("session-role")).toHaveText("admin");
  // The page's own scripts run (the CSP nonce reached them): the sidebar's toggle works.
  await page.getByTestId("sidebar-collapse").click();
  await expect(page.getByTestId("sidebar-collapse")).toHaveAttribute("aria-expanded", "false");
  await page.getByTestId("sidebar-collapse").click();
  // And its navigation leads back into the console.
  await page.getByTestId("not-found").getByRole("link", { name: "Endpoints" }).click();
  await expect(page).toHaveURL(/\/endpoints$/);
  expect(guard.problems.map((p) => `[${p.page}] ${p.kind}: ${p.detail}`)).toEqual([]);
  await context.close();
});
