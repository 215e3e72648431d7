import type { ReactNode } from "react";
import { formatNumber } from "@/lib/metrics/format-metric";
import type { CapacityConfigView, CapacityView } from "@/lib/schemas/capacity";
import { configName, formatRatio, formatUsd, formatWaitMs, POLICY_LABEL } from "@/components/capacity/format-capacity";

/**
 * The answer first: the cheapest configuration that meets the target, the endpoint's own, and one
 * real-time endpoint per model, each a month's price, and what MME saves on this traffic (or
 * costs: the sentence says which, and says so when nothing meets the target or nothing was called).
 */
export function SavingsHeadline({ view }: { view: CapacityView }) {
  const cheapest = view.cheapest !== undefined ? view.configs[view.cheapest] : undefined;
  const current = view.configs.find((c) => c.current);
  const { dedicated } = view;
  if (view.models.length === 0) {
    return (
      <Headline>
        <p className="text-sm text-slate-700" data-testid="savings-sentence">
          No model was called in this range, so there is no traffic to replay and nothing to compare. Send requests or choose a longer range.
        </p>
      </Headline>
    );
  }
  return (
    <Headline>
      <div className="grid gap-4 sm:grid-cols-3">
        <Figure label="Cheapest meeting the target" testId="figure-cheapest" usd={cheapest?.monthlyUsd} tone={cheapest ? "emerald" : undefined}>
          {cheapest ? describe(cheapest) : "None of the configurations tried meets it"}
        </Figure>
        <Figure label="This endpoint now" testId="figure-current" usd={current?.monthlyUsd}>
          {current ? describe(current) : view.current ? `${configName(view.current)}: not in the price table` : "Its instance type is not known"}
        </Figure>
        <Figure label="One endpoint per model" testId="figure-dedicated" usd={dedicated.endpoints > 0 ? dedicated.monthlyUsd : undefined}>
          {dedicated.endpoints} real-time endpoint{dedicated.endpoints === 1 ? "" : "s"}, each on the smallest type that holds its model
          {dedicated.unplaceable.length > 0 && `; ${dedicated.unplaceable.length} model${dedicated.unplaceable.length === 1 ? "" : "s"} fit no priced type (${dedicated.unplaceable.join(", ")})`}
        </Figure>
      </div>
      <p className="mt-4 text-sm font-medium text-slate-800" data-testid="savings-sentence">
        {savingsSentence(view, cheapest)}
      </p>
    </Headline>
  );
}

function savingsSentence(view: CapacityView, cheapest?: CapacityConfigView): string {
  const { dedicated, target } = view;
  if (!cheapest) {
    const asked = [target.hitRatio !== undefined && `a hit ratio of at least ${formatRatio(target.hitRatio)}`, target.loadingWaitP99Ms !== undefined && `a loading wait p99 of at most ${formatWaitMs(target.loadingWaitP99Ms)}`]
      .filter(Boolean)
      .join(" and ");
    const current = view.configs.find((c) => c.current);
    const now =
      current && dedicated.endpoints > 0 ? ` The endpoint as it is costs ${formatUsd(current.monthlyUsd)} a month, against ${formatUsd(dedicated.monthlyUsd)} for one endpoint per model.` : "";
    return `No configuration tried meets the target (${asked || "none set"}) on this traffic: loosen the target or allow more instances.${now}`;
  }
  if (dedicated.endpoints === 0 || dedicated.monthlyUsd <= 0) return `No model fits a priced instance type on its own, so there is no dedicated-endpoint price to compare against.`;
  const ratio = cheapest.monthlyUsd / dedicated.monthlyUsd;
  const against = `${dedicated.endpoints} dedicated endpoint${dedicated.endpoints === 1 ? "" : "s"}`;
  if (ratio < 1) return `MME saves ${percent(1 - ratio)} against ${against} on this traffic (${formatUsd(cheapest.monthlyUsd)} against ${formatUsd(dedicated.monthlyUsd)} a month).`;
  if (ratio === 1) return `MME costs the same as ${against} on this traffic (${formatUsd(cheapest.monthlyUsd)} a month).`;
  const more = ratio >= 1.995 ? `${formatNumber(ratio)} times as much as` : `${percent(ratio - 1)} more than`;
  return `On this traffic MME costs ${more} ${against} (${formatUsd(cheapest.monthlyUsd)} against ${formatUsd(dedicated.monthlyUsd)} a month): the models are too few or too busy to share instances.`;
}

/** Whole percent of a difference under 1 (as a saving is), but never "0 %" or "100 %" for one that is not exactly that. */
function percent(x: number): string {
  const p = x * 100;
  if (p > 0 && p < 1) return "less than 1 %";
  if (p > 99 && p < 100) return "more than 99 %";
  return `${Math.round(p)} %`;
}

function describe(c: CapacityConfigView): string {
  return `${configName(c)}, ${POLICY_LABEL[c.policy]}: ${formatRatio(c.hitRatio)} hits, loading wait p99 ${formatWaitMs(c.loadingWaitP99Ms)}`;
}

function Headline({ children }: { children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm" data-testid="capacity-headline" aria-label="Cost">
      {children}
    </section>
  );
}

function Figure({ label, usd, tone, testId, children }: { label: string; usd?: number; tone?: "emerald"; testId: string; children: ReactNode }) {
  return (
    <div className={`flex min-w-0 flex-col gap-1 rounded-md px-3 py-2 ${tone === "emerald" ? "bg-emerald-50 ring-1 ring-emerald-200" : "bg-slate-50 ring-1 ring-slate-200"}`} data-testid={testId}>
      <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</span>
      <span className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="figure-usd">
        {usd === undefined ? "—" : formatUsd(usd)}
        {usd !== undefined && <span className="text-sm font-normal text-slate-500"> / month</span>}
      </span>
      <span className="text-xs break-words text-slate-600">{children}</span>
    </div>
  );
}
