import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CapacityConfigView, CapacityView } from "@/lib/schemas/capacity";
import { SavingsHeadline } from "@/components/capacity/savings-headline";

const config = (over: Partial<CapacityConfigView>): CapacityConfigView => ({
  instanceType: "ml.g5.xlarge",
  memoryBytes: 24 * 2 ** 30,
  count: 1,
  policy: "lru",
  hitRatio: 0.95,
  coldLoadsPerHour: 2,
  loadingWaitP50Ms: 0,
  loadingWaitP99Ms: 900,
  peakMemoryBytes: 2 ** 30,
  modelsThatDoNotFit: [],
  monthlyUsd: 1027.84,
  meetsTarget: true,
  current: false,
  ...over,
});

const view = (over: Partial<CapacityView>): CapacityView => ({
  endpoint: "demo",
  range: "1d",
  start: "2026-12-06T13:00:00.000Z",
  end: "2026-12-07T13:00:00.000Z",
  region: "us-east-1",
  target: { hitRatio: 0.9 },
  models: [{ name: "a/v1.tar.gz", model: "a", version: 1, invocations: 100, peakPerMinute: 10, memoryBytes: 2 ** 20, memorySource: "measured", loadMs: 500, loadSource: "verification" }],
  configs: [config({ current: true })],
  cheapest: 0,
  dedicated: { monthlyUsd: 4111.36, endpoints: 4, unplaceable: [] },
  prices: { currency: "USD", retrieved: "2026-12-07" },
  health: { verdict: "healthy", sentence: "Healthy.", advice: [], distinctModelsCalled: 1 },
  simulateMs: 12,
  seed: 1,
  ...over,
});

const sentence = (v: CapacityView) => /data-testid="savings-sentence">([^<]*)</.exec(renderToStaticMarkup(createElement(SavingsHeadline, { view: v })))?.[1];

describe("SavingsHeadline", () => {
  it("says what MME saves against one endpoint per model, with both monthly prices", () => {
    expect(sentence(view({}))).toBe("MME saves 75 % against 4 dedicated endpoints on this traffic ($1,028 against $4,111 a month).");
  });

  it("says so honestly when MME costs more", () => {
    expect(sentence(view({ dedicated: { monthlyUsd: 514, endpoints: 1, unplaceable: [] } }))).toBe(
      "On this traffic MME costs 2 times as much as 1 dedicated endpoint ($1,028 against $514 a month): the models are too few or too busy to share instances.",
    );
    expect(sentence(view({ dedicated: { monthlyUsd: 900, endpoints: 1, unplaceable: [] } }))).toMatch(/^On this traffic MME costs 14 % more than 1 dedicated endpoint \(/);
  });

  it("says no configuration meets the target, and which target, rather than naming a cheapest", () => {
    const html = renderToStaticMarkup(createElement(SavingsHeadline, { view: view({ cheapest: undefined, target: { hitRatio: 1, loadingWaitP99Ms: 0 } }) }));
    expect(html).toContain("No configuration tried meets the target (a hit ratio of at least 100 % and a loading wait p99 of at most 0 ms) on this traffic");
    expect(html).toContain("None of the configurations tried meets it");
  });

  it("has nothing to compare without traffic", () => {
    expect(sentence(view({ models: [], cheapest: undefined }))).toMatch(/^No model was called in this range/);
  });
});
