import { expect, type Locator } from "@playwright/test";

/** A chart card's plot (by the card's test id, `chart-<id>`), its tooltip's time and one row's value. */
export function chartParts(card: Locator) {
  const plot = card.getByTestId("chart-plot");
  const time = card.getByTestId("chart-tooltip-time");
  const value = (label: string) => card.getByTestId("chart-tooltip-row").filter({ has: card.page().getByText(label, { exact: true }) }).getByTestId("chart-tooltip-value");
  return { plot, time, value };
}

/** The start of the bucket the tooltip shows ("2026-12-03 11:02:10 – 11:02:20 UTC"), epoch ms. */
export async function tooltipBucketStart(card: Locator): Promise<number> {
  const text = (await chartParts(card).time.textContent()) ?? "";
  const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) – \d{2}:\d{2}:\d{2} UTC$/.exec(text.trim());
  expect(m, `tooltip time "${text}"`).not.toBeNull();
  return Date.parse(`${m![1]!.replace(" ", "T")}Z`);
}

/**
 * What a user reads stepping through a chart with the keyboard from its newest bucket back: the
 * sum of one line's values in the tooltip, until it reaches `atLeast` or the first bucket.
 */
export async function sumTooltipValues(card: Locator, label: string, atLeast: number): Promise<number> {
  const { plot, time, value } = chartParts(card);
  await card.page().mouse.move(0, 0);
  await plot.focus();
  await plot.press("End");
  let sum = 0;
  for (;;) {
    await expect(time).toBeVisible();
    const text = (await value(label).textContent()) ?? "";
    sum += text === "no data" ? 0 : Number(text.replace(/,/g, ""));
    if (sum >= atLeast) return sum;
    const before = await time.textContent();
    await plot.press("ArrowLeft");
    // At the first bucket the tooltip stays where it is.
    const moved = await expect(time)
      .not.toHaveText(before ?? "", { timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    if (!moved) return sum;
  }
}

/** Drags across a chart's plot from one fraction of its width to another, as a user selects a span to zoom into. */
export async function dragAcross(card: Locator, from: number, to: number): Promise<void> {
  const box = (await chartParts(card).plot.boundingBox())!;
  const page = card.page();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, y, { steps: 8 });
  await page.mouse.up();
}
