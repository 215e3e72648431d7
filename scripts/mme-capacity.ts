/**
 * `npm run mme -- capacity <endpoint>`: the console's capacity plan (server/bff/capacity/plan-capacity.ts)
 * from a terminal, the same answer as GET /api/endpoints/<name>/capacity. The clients follow the
 * console's rules (server/aws/backend-config.ts): the local engine (MME_ENGINE_URL and its keys)
 * unless MME_BACKEND=aws (AWS's default credential chain). Loaded under the `react-server`
 * condition (see package.json's "mme"), where `server-only` is empty.
 */
import { parseArgs } from "node:util";
import { formatBytes } from "../lib/format-bytes";
import { formatMs } from "../lib/model-verification";
import { capacityQuery, type CapacityConfigView, type CapacityView } from "../lib/schemas/capacity";

export const CAPACITY_USAGE = `usage: npm run mme -- capacity <endpoint> [--range 1h|1d|1w] [--target-hit-ratio <0..1>] [--target-p99-ms <ms>] [--max-instances <1..10>] [--json]

  capacity            replay the endpoint's own per-model traffic over the range through the priced
                      instance types of its region (less those a cheaper type matches in memory)
                      × 1..max-instances × LRU and the engine's policy
  --range             the window replayed (default 1d)
  --target-hit-ratio  the hit ratio the cheapest configuration must reach (default 0.9)
  --target-p99-ms     the loading wait p99 it must stay under
  --max-instances     counts tried per type (default 4)
  --json              print the answer as JSON (the route's CapacityView)
  --region, --endpoint-url  as for verify

exit status: 0 planned, 1 the plan failed, 2 usage error (a bad parameter, an endpoint that does not exist)`;

/** Rows of the table printed, cheapest first; the cheapest meeting the target and the current one are always among them. */
const ROWS = 12;

export async function capacityCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        range: { type: "string" },
        "target-hit-ratio": { type: "string" },
        "target-p99-ms": { type: "string" },
        "max-instances": { type: "string" },
        json: { type: "boolean" },
        region: { type: "string" },
        "endpoint-url": { type: "string" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${CAPACITY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(CAPACITY_USAGE);
    return 2;
  }
  const query = capacityQuery.safeParse({
    range: values.range,
    target_hit_ratio: values["target-hit-ratio"],
    target_p99_ms: values["target-p99-ms"],
    max_instances: values["max-instances"],
  });
  if (!query.success) {
    // The schema's sentences name the route's parameters; the flags are the same words with dashes.
    console.error(`${query.error.issues.map((i) => i.message.replace(/\b(target_hit_ratio|target_p99_ms|max_instances)\b/g, (k) => `--${k.replace(/_/g, "-")}`)).join("; ")}\n\n${CAPACITY_USAGE}`);
    return 2;
  }
  const aws = process.env.MME_BACKEND === "aws";
  if (values["endpoint-url"]) process.env[aws ? "AWS_ENDPOINT_URL" : "MME_ENGINE_URL"] = values["endpoint-url"];
  if (values.region) process.env[aws ? "AWS_REGION" : "MME_ENGINE_REGION"] = values.region;

  // After the environment is set: the client factory reads it once, on its first client.
  const { planCapacity } = await import("../server/bff/capacity/plan-capacity");
  const { ApiError } = await import("../server/route/api-error");
  try {
    const view = await planCapacity(positionals[0]!, query.data);
    console.log(values.json ? JSON.stringify(view, null, 2) : formatPlan(view));
    return 0;
  } catch (e) {
    console.error(`cannot plan: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof ApiError && (e.code === "not_found" || e.code === "bad_request") ? 2 : 1;
  }
}

function formatPlan(v: CapacityView): string {
  const lines: string[] = [];
  const target = [v.target.hitRatio !== undefined && `hit ratio ≥ ${percent(v.target.hitRatio)}`, v.target.loadingWaitP99Ms !== undefined && `loading wait p99 ≤ ${formatMs(v.target.loadingWaitP99Ms)}`]
    .filter(Boolean)
    .join(", ");
  lines.push(`${v.endpoint} (${v.region}), ${v.range} from ${v.start} to ${v.end}`);
  lines.push(`now            ${v.current ? `${v.current.count} × ${v.current.instanceType}` : "unknown"}`);
  lines.push(`target         ${target || "none"}`);
  lines.push(`health         ${v.health.sentence}`);
  for (const a of v.health.advice) lines.push(`               - ${a}`);
  lines.push("");
  if (v.models.length === 0) {
    lines.push("No model was called in the range: nothing to replay.");
    return lines.join("\n");
  }
  lines.push(`${v.models.length} model${v.models.length === 1 ? "" : "s"} called:`);
  lines.push(table(["target model", "invocations", "peak/min", "memory", "load"], v.models.map((m) => [m.name, String(m.invocations), String(m.peakPerMinute), `${formatBytes(m.memoryBytes)} (${m.memorySource})`, `${formatMs(m.loadMs)} (${m.loadSource})`])));
  lines.push("");
  const shown = shownConfigs(v);
  lines.push(`${v.configs.length} configurations replayed in ${formatMs(v.simulateMs)} (seed ${v.seed}); the ${shown.length} cheapest shown (* cheapest meeting the target, = now):`);
  lines.push(
    table(
      ["", "type", "n", "policy", "hit ratio", "cold loads/h", "wait p99", "peak memory", "$/month", "target"],
      shown.map(({ c, i }) => [
        `${i === v.cheapest ? "*" : " "}${c.current ? "=" : " "}`,
        c.instanceType,
        String(c.count),
        c.policy,
        percent(c.hitRatio),
        c.coldLoadsPerHour.toFixed(1),
        formatMs(c.loadingWaitP99Ms),
        formatBytes(c.peakMemoryBytes),
        usd(c.monthlyUsd),
        c.modelsThatDoNotFit.length > 0 ? `${c.modelsThatDoNotFit.length} too large` : c.meetsTarget ? "meets" : "misses",
      ]),
      [0, 1, 3, 9],
    ),
  );
  lines.push("");
  const best = v.cheapest !== undefined ? v.configs[v.cheapest] : undefined;
  lines.push(best ? `cheapest       ${best.count} × ${best.instanceType} (${best.policy}), ${usd(best.monthlyUsd)}/month` : "cheapest       no configuration replayed meets the target");
  const mme = best?.monthlyUsd;
  const saving = mme !== undefined && v.dedicated.monthlyUsd > 0 ? `, ${percent(1 - mme / v.dedicated.monthlyUsd)} less with this MME` : "";
  lines.push(`dedicated      ${v.dedicated.endpoints} endpoint${v.dedicated.endpoints === 1 ? "" : "s"}, one per model: ${usd(v.dedicated.monthlyUsd)}/month${saving}${v.dedicated.unplaceable.length ? ` (${v.dedicated.unplaceable.length} fit no priced type)` : ""}`);
  lines.push(`prices         ${v.prices.currency}, on-demand, ${v.prices.retrieved ? `retrieved ${v.prices.retrieved}` : "undated"}${v.prices.overriddenBy ? `, overridden by ${v.prices.overriddenBy}` : ""}`);
  return lines.join("\n");
}

function shownConfigs(v: CapacityView): { c: CapacityConfigView; i: number }[] {
  const all = v.configs.map((c, i) => ({ c, i }));
  const top = all.slice(0, ROWS);
  const extra = all.filter(({ c, i }) => i >= ROWS && (i === v.cheapest || c.current));
  return [...top, ...extra];
}

/** Columns named in `left` are text, aligned left; the others are figures, aligned right. */
function table(header: string[], rows: string[][], left: readonly number[] = [0]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  return [header, ...rows].map((r) => r.map((cell, k) => (left.includes(k) ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join("  ").trimEnd()).join("\n");
}

function percent(r: number): string {
  return `${(r * 100).toFixed(1)}%`;
}

function usd(n: number): string {
  return `$${Math.round(n).toLocaleString("en-US")}`;
}
