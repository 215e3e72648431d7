import { z } from "zod";
import checkedIn from "./instance-prices.json";

const GiB = 1024 ** 3;

const instanceTypeSchema = z.object({
  instanceType: z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, "must be a SageMaker instance type such as ml.g5.xlarge"),
  memoryGiB: z.number().positive("must be a positive number of GiB"),
  /** null for CPU types. */
  gpuMemoryGiB: z.number().positive("must be a positive number of GiB, or null for a CPU type").nullable(),
});

const priceSchema = z.object({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
  instanceType: z.string(),
  hourlyUsd: z.number("must be a number of US dollars an hour").positive("must be a positive number of US dollars an hour"),
  sources: z.array(z.string()).default([]),
});

export const priceTableSchema = z.object({
  currency: z.literal("USD").default("USD"),
  retrieved: z.string().optional(),
  note: z.string().optional(),
  sources: z.record(z.string(), z.object({ url: z.string().url(), says: z.string().optional(), asOf: z.string().optional() })).default({}),
  instanceTypes: z.array(instanceTypeSchema).default([]),
  prices: z.array(priceSchema).default([]),
});

export type PriceTable = z.infer<typeof priceTableSchema>;

export type InstancePrice = {
  region: string;
  instanceType: string;
  hourlyUsd: number;
  /** What one instance offers models: GPU memory on a GPU type, memory on a CPU type (as the engine budgets). */
  modelMemoryBytes: number;
};

/** The table checked in beside this file. */
export function checkedInPriceTable(): PriceTable {
  return parsePriceTable(checkedIn, "lib/capacity/instance-prices.json");
}

/**
 * Validates a table; an error names the entry and what is wrong with it, in a sentence. An
 * override is checked against the `base` it will be laid over: its prices may name the base's
 * instance types and sources.
 */
export function parsePriceTable(raw: unknown, origin: string, base?: PriceTable): PriceTable {
  const parsed = priceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${origin}: ${describePath(raw, issue.path)} ${issue.message.replace(/\.$/, "")}.`);
  }
  const table = parsed.data;
  const known = new Set([...(base?.instanceTypes ?? []), ...table.instanceTypes].map((t) => t.instanceType));
  const sources = { ...base?.sources, ...table.sources };
  table.prices.forEach((p, i) => {
    if (!known.has(p.instanceType)) throw new Error(`${origin}: prices[${i}] (${p.instanceType} in ${p.region}) names an instance type that instanceTypes does not describe.`);
    for (const s of p.sources) if (!(s in sources)) throw new Error(`${origin}: prices[${i}] (${p.instanceType} in ${p.region}) cites source "${s}", which sources does not list.`);
  });
  return table;
}

/**
 * An override on top of the checked-in table: its instance types and prices replace those with
 * the same type (and region), the rest are added, and its sources join the table's.
 */
export function mergePriceTables(base: PriceTable, override: PriceTable): PriceTable {
  const priceKey = (p: { region: string; instanceType: string }) => `${p.region} ${p.instanceType}`;
  const overriddenTypes = new Set(override.instanceTypes.map((t) => t.instanceType));
  const overriddenPrices = new Set(override.prices.map(priceKey));
  return {
    ...base,
    retrieved: override.retrieved ?? base.retrieved,
    sources: { ...base.sources, ...override.sources },
    instanceTypes: [...base.instanceTypes.filter((t) => !overriddenTypes.has(t.instanceType)), ...override.instanceTypes],
    prices: [...base.prices.filter((p) => !overriddenPrices.has(priceKey(p))), ...override.prices],
  };
}

/** The priced instance types of one region, with the memory each offers models. */
export function pricesIn(table: PriceTable, region: string): InstancePrice[] {
  const types = new Map(table.instanceTypes.map((t) => [t.instanceType, t]));
  return table.prices
    .filter((p) => p.region === region)
    .map((p) => {
      const t = types.get(p.instanceType)!;
      return { region, instanceType: p.instanceType, hourlyUsd: p.hourlyUsd, modelMemoryBytes: Math.round((t.gpuMemoryGiB ?? t.memoryGiB) * GiB) };
    });
}

function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return "the table";
  const [list, index, ...field] = path;
  let where = `${String(list)}${typeof index === "number" ? `[${index}]` : index !== undefined ? `.${String(index)}` : ""}`;
  const entry = typeof index === "number" ? (raw as Record<string, unknown[]>)[String(list)]?.[index] : undefined;
  if (entry && typeof entry === "object") {
    const e = entry as Record<string, unknown>;
    const label = [e.instanceType, e.region].filter((v) => typeof v === "string").join(" in ");
    if (label) where += ` (${label})`;
  }
  return field.length > 0 ? `${where}: ${field.map(String).join(".")}` : where;
}
