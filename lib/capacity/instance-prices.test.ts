import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInstancePrices } from "@/server/capacity/load-instance-prices";
import { checkedInPriceTable, pricesIn } from "./instance-prices";

function overrideFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "mme-prices-")), "prices.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("instance prices", () => {
  it("the checked-in table loads, every price with its source and the memory models get", () => {
    const table = checkedInPriceTable();
    expect(table.prices.length).toBeGreaterThan(0);
    for (const p of table.prices) {
      expect(p.sources.length, `${p.instanceType} in ${p.region}`).toBeGreaterThan(0);
      for (const s of p.sources) expect(table.sources[s]!.url).toMatch(/^https:\/\//);
    }
    const g5 = pricesIn(table, "us-east-1").find((p) => p.instanceType === "ml.g5.xlarge")!;
    // A GPU type budgets its GPU's memory, as the engine does.
    expect(g5.modelMemoryBytes).toBe(24 * 1024 ** 3);
    // A type with several GPUs budgets all of them: 4 × T4, 4 × A10G, 8 × A10G.
    const memoryOf = (type: string) => pricesIn(table, "us-east-1").find((p) => p.instanceType === type)!.modelMemoryBytes;
    expect(memoryOf("ml.g4dn.12xlarge")).toBe(64 * 1024 ** 3);
    expect(memoryOf("ml.g5.12xlarge")).toBe(96 * 1024 ** 3);
    expect(memoryOf("ml.g5.48xlarge")).toBe(192 * 1024 ** 3);
    // A CPU type budgets the instance's memory.
    expect(memoryOf("ml.m5.xlarge")).toBe(16 * 1024 ** 3);
    expect(loadInstancePrices({})).toEqual(table);
  });

  it("an override file replaces a price and adds a region, naming the base's types and sources", () => {
    // A region the checked-in table does not price.
    expect(pricesIn(checkedInPriceTable(), "me-central-1")).toEqual([]);
    const file = overrideFile({
      prices: [
        { region: "us-east-1", instanceType: "ml.g5.xlarge", hourlyUsd: 1.0 },
        { region: "me-central-1", instanceType: "ml.g4dn.xlarge", hourlyUsd: 0.9, sources: ["mine"] },
      ],
      sources: { mine: { url: "https://example.com/our-negotiated-prices" } },
    });
    const table = loadInstancePrices({ MME_PRICES_FILE: file });
    expect(pricesIn(table, "us-east-1").find((p) => p.instanceType === "ml.g5.xlarge")!.hourlyUsd).toBe(1.0);
    expect(pricesIn(table, "me-central-1")).toEqual([expect.objectContaining({ instanceType: "ml.g4dn.xlarge", hourlyUsd: 0.9 })]);
    // The rest of the checked-in table stays.
    expect(pricesIn(table, "us-east-1").find((p) => p.instanceType === "ml.g4dn.xlarge")!.hourlyUsd).toBe(0.736);
    expect(pricesIn(table, "eu-west-1")).toEqual(pricesIn(checkedInPriceTable(), "eu-west-1"));
  });

  it("a bad override is refused with a sentence naming the file and the entry", () => {
    const negative = overrideFile({ prices: [{ region: "us-east-1", instanceType: "ml.g5.xlarge", hourlyUsd: -2 }] });
    expect(() => loadInstancePrices({ MME_PRICES_FILE: negative })).toThrow(
      new RegExp(`^MME_PRICES_FILE \\(${negative.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\): prices\\[0\\] \\(ml\\.g5\\.xlarge in us-east-1\\): hourlyUsd .+\\.$`),
    );
    const unknownType = overrideFile({ prices: [{ region: "us-east-1", instanceType: "ml.x9.huge", hourlyUsd: 2 }] });
    expect(() => loadInstancePrices({ MME_PRICES_FILE: unknownType })).toThrow("prices[0] (ml.x9.huge in us-east-1) names an instance type that instanceTypes does not describe.");
    const badRegion = overrideFile({ prices: [{ region: "Ireland", instanceType: "ml.g5.xlarge", hourlyUsd: 2 }] });
    expect(() => loadInstancePrices({ MME_PRICES_FILE: badRegion })).toThrow("prices[0] (ml.g5.xlarge in Ireland): region must be an AWS region such as us-east-1.");
    const notJson = overrideFile("{ nope");
    expect(() => loadInstancePrices({ MME_PRICES_FILE: notJson })).toThrow(/could not be read as JSON/);
  });
});
