import { readFileSync } from "node:fs";
import { checkedInPriceTable, mergePriceTables, parsePriceTable, type PriceTable } from "@/lib/capacity/instance-prices";

/**
 * The price table: the checked-in one, with the file named by MME_PRICES_FILE (same shape, any
 * subset) laid over it. A file that cannot be read or does not validate is refused with a
 * sentence that names it and the bad entry, never silently ignored.
 */
export function loadInstancePrices(env: Record<string, string | undefined> = process.env): PriceTable {
  const base = checkedInPriceTable();
  const file = env.MME_PRICES_FILE;
  if (!file) return base;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`MME_PRICES_FILE (${file}) could not be read as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return mergePriceTables(base, parsePriceTable(raw, `MME_PRICES_FILE (${file})`, base));
}
