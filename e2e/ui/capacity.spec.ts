import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { guardContext } from "../support/page-guard";
import { playgroundEndpoint } from "../support/playground-models";

// One endpoint for the file: the viewer reads the plan of the traffic the admin drove.
const ENDPOINT = `capacity-${Date.now().toString(36)}`;
test.describe.configure({ mode: "serial" });

const FIXTURES = path.resolve("fixtures/models");
const requestOf = (model: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${model}.reference.json`), "utf8")).cases[0].request;

/**
 * Traffic over the three target models playgroundEndpoint uploads, a hot one and two cooler ones:
 * enough requests that three cold loads leave the hit ratio above the default target of 90 %.
 */
const SENT = [
  { model: "onnx-add", version: 1, times: 30 },
  { model: "onnx-two-versions", version: 1, times: 15 },
  { model: "onnx-two-versions", version: 2, times: 10 },
];

/**
 * Records every text the replay's progress line shows, from the page's first script on: a replay of
 * a few minutes of traffic may finish before an assertion could look, but the page must have said
 * how far it had got.
 */
async function recordProgress(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="replay-progress-label"]')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
}

const cheapestRow = (page: Page) => page.locator('[data-testid="config-row"][data-cheapest]');
const hitTarget = (page: Page) => page.getByLabel("Target hit ratio (%)");
const p99Target = (page: Page) => page.getByLabel("Wait p99 under (ms)");

test("after traffic, the Capacity tab replays it with progress, says whether the endpoint thrashes, and marks the cheapest configuration that meets the target", async ({ browser }) => {
  test.setTimeout(240_000);
  // Watched throughout: no failing request, CSP violation (the progress bar is SVG, not an inline style) or page error.
  const context = await browser.newContext();
  const guard = await guardContext(context);
  guard.at("capacity");
  const page = await context.newPage();
  await signInAs(page, "admin");
  await playgroundEndpoint(page, ENDPOINT);
  const api = consoleApi(page);
  for (const s of SENT) {
    for (let i = 0; i < s.times; i++) {
      const res = await api.post(`/api/endpoints/${ENDPOINT}/invoke`, { model: s.model, version: s.version, request: requestOf(s.model) });
      expect(res.status(), `${s.model} v${s.version}`).toBe(200);
    }
  }
  // The engine flushes metrics in batches: the planner reads them, so wait until they are all there.
  const sum = (pts: [number, number][] = []) => pts.reduce((n, [, v]) => n + v, 0);
  const sent = SENT.reduce((n, s) => n + s.times, 0);
  await expect.poll(async () => sum((await (await api.get(`/api/endpoints/${ENDPOINT}/metrics?range=1h`)).json()).series.invocations), { timeout: 30_000 }).toBeGreaterThanOrEqual(sent);

  const progress = await recordProgress(page);
  await page.goto(`/endpoints/${ENDPOINT}`);
  await page.getByTestId("capacity-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${ENDPOINT}/capacity`));
  await expect(page.getByTestId("capacity-title")).toHaveText("Capacity");

  // The answer, after the page said how far the replay had got.
  await expect(page.getByTestId("configs-table")).toBeVisible({ timeout: 60_000 });
  expect(await progress()).toEqual(expect.arrayContaining([expect.stringMatching(/^Replaying \d+ of \d+ configurations?$/)]));
  await expect(page.getByTestId("replay-progress")).toHaveCount(0);

  // The health line: a verdict, one sentence, from the endpoint's own metrics.
  await expect(page.getByTestId("health-verdict")).toHaveText(/^(Healthy|Tight|Thrashing|No traffic)$/);
  await expect(page.getByTestId("health-sentence")).not.toBeEmpty();
  await expect(page.getByTestId("capacity-health")).toContainText("3 models called");

  // Each model called, with where its memory and load time came from.
  const models = page.getByTestId("capacity-model-row");
  await expect(models).toHaveCount(3);
  await expect(models.first()).toContainText("onnx-add");
  for (const row of await models.all()) {
    await expect(row.getByTestId("capacity-model-memory")).toContainText(/\((measured by the engine|estimated from the package)\)/);
    await expect(row.getByTestId("capacity-model-load")).toContainText(/\((ModelLoadingTime|measured on verification|estimated from its size)\)/);
  }

  // At the default target (90 % hits) one configuration is marked cheapest; the endpoint's own (ml.g5.xlarge × 1) is marked too.
  await expect(hitTarget(page)).toHaveValue("90");
  await expect(cheapestRow(page)).toHaveCount(1);
  await expect(cheapestRow(page).getByTestId("mark-cheapest")).toHaveText("cheapest meeting target");
  await expect(cheapestRow(page)).toHaveAttribute("data-meets-target", "true");
  await expect(page.locator('[data-testid="config-row"][data-current]').first()).toContainText("ml.g5.xlarge");
  await expect(page.getByTestId("figure-cheapest").getByTestId("figure-usd")).toContainText("$");
  await expect(page.getByTestId("savings-sentence")).toHaveText(/^(MME saves (\d+|less than 1|more than 99) % against \d+ dedicated endpoints? on this traffic|On this traffic MME costs)/);
  await expect(page.getByTestId("price-note")).toContainText("retrieved");
  await guard.checkAccessibility(page);

  // A target no replay can meet (every model's first request is a cold load): the page says so, nothing is marked.
  await hitTarget(page).fill("100");
  await p99Target(page).fill("0");
  await expect(page.getByTestId("savings-sentence")).toContainText("No configuration tried meets the target", { timeout: 60_000 });
  await expect(cheapestRow(page)).toHaveCount(0);
  await expect(page.getByTestId("figure-cheapest").getByTestId("figure-usd")).toHaveText("—");

  // Any hit ratio will do: the cheapest is now the cheapest of all (the table lists cheapest first).
  await hitTarget(page).fill("0");
  await p99Target(page).fill("");
  await expect(cheapestRow(page)).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId("capacity-result")).not.toHaveAttribute("aria-busy", "true");
  await expect(cheapestRow(page).getByTestId("config-usd")).toHaveText((await page.getByTestId("config-usd").first().textContent())!);

  // Sorted by hit ratio, the best replay comes first.
  await page.getByTestId("sort-hitRatio").click();
  const ratios = (await page.getByTestId("config-hit-ratio").allTextContents()).map((t) => Number.parseFloat(t));
  expect(ratios[0]).toBe(Math.max(...ratios));

  // A figure out of range is refused in words and replays nothing.
  await hitTarget(page).fill("120");
  await expect(page.getByTestId("error-capacity-target-hit")).toHaveText("A percentage from 0 to 100");
  await context.close();
  expect(guard.problems.map((p) => `${p.kind}: ${p.detail}`)).toEqual([]);
});

test("a viewer reads the capacity plan", async ({ page }) => {
  await signInAs(page, "viewer", `/endpoints/${ENDPOINT}/capacity`);
  await expect(page.getByTestId("configs-table")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("health-verdict")).toBeVisible();
  await expect(cheapestRow(page)).toHaveCount(1);
  await expect(page.getByTestId("capacity-model-row")).toHaveCount(3);
});
