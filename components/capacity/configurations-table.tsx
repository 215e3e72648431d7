"use client";

import { useMemo, useState } from "react";
import { formatBytes } from "@/lib/format-bytes";
import { formatNumber } from "@/lib/metrics/format-metric";
import type { SortDir } from "@/lib/metrics/sort-models-by-metric";
import type { CapacityConfigView, CapacityView } from "@/lib/schemas/capacity";
import { formatRatio, formatUsd, formatWaitMs, POLICY_LABEL } from "@/components/capacity/format-capacity";
import { SortableHead, type SortableColumn } from "@/components/metrics/sortable-head";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type ConfigSortKey = "cost" | "hitRatio" | "coldLoads" | "p99";

/** The price comes second, so that on a phone it shows beside the configuration before the table scrolls. */
const COLUMNS: readonly SortableColumn<ConfigSortKey>[] = [
  { label: "Configuration" },
  { label: "$ / month", sortKey: "cost", align: "right" },
  { label: "Hit ratio", sortKey: "hitRatio", align: "right" },
  { label: "Cold loads / h", sortKey: "coldLoads", align: "right" },
  { label: "Wait p50", align: "right" },
  { label: "Wait p99", sortKey: "p99", align: "right" },
  { label: "Peak memory", align: "right" },
  { label: "Does not fit" },
];

const VALUE: Record<ConfigSortKey, (c: CapacityConfigView) => number> = {
  cost: (c) => c.monthlyUsd,
  hitRatio: (c) => c.hitRatio,
  coldLoads: (c) => c.coldLoadsPerHour,
  p99: (c) => c.loadingWaitP99Ms,
};

/** Rows shown before "Show all": a type list times counts times two policies runs to dozens, most of them far off. */
const FIRST_ROWS = 12;

type Row = CapacityConfigView & { index: number; cheapest: boolean };

/**
 * Every configuration the replay tried, cheapest first: what each would have done with this
 * traffic and what it costs. The cheapest meeting the target and the endpoint's own are marked,
 * and stay listed when the rest is folded away.
 */
export function ConfigurationsTable({ view }: { view: CapacityView }) {
  const [sort, setSort] = useState<{ key: ConfigSortKey; dir: SortDir }>({ key: "cost", dir: "asc" });
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => sortConfigs(view.configs.map((c, index) => ({ ...c, index, cheapest: index === view.cheapest })), sort.key, sort.dir), [view, sort]);
  const shown = showAll ? rows : rows.filter((r, i) => i < FIRST_ROWS || r.cheapest || r.current);
  const meeting = view.configs.filter((c) => c.meetsTarget).length;
  return (
    <Card title={`Configurations (${view.configs.length})`} actions={<span className="text-xs text-slate-500">{meeting} meet the target</span>}>
      {view.configs.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="no-configs">
          {view.models.length === 0 ? "Nothing to replay: no model was called in this range." : `Nothing was replayed: the price table has no instance type in ${view.region}.`}
        </p>
      ) : (
        <>
          <div className="-mx-5 overflow-x-auto px-5">
            <table className="w-full min-w-[56rem] text-left text-sm" data-testid="configs-table">
              <SortableHead columns={COLUMNS} sort={sort} onSort={setSort} />
              <tbody className="divide-y divide-slate-100">
                {shown.map((c) => (
                  <ConfigRow key={c.index} c={c} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
            <p>
              Memory is what one instance offers models (GPU memory on a GPU type); policy LRU is SageMaker&apos;s, GDSF the local engine&apos;s own; peak memory is the most one instance held, loads under way included. Rows in grey miss the target.
            </p>
            {rows.length > FIRST_ROWS && (
              <Button variant="secondary" className="shrink-0" onClick={() => setShowAll((s) => !s)} data-testid="configs-show-all">
                {showAll ? "Show fewer" : `Show all ${rows.length}`}
              </Button>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

function ConfigRow({ c }: { c: Row }) {
  const cell = "py-2 pr-4 text-right tabular-nums whitespace-nowrap";
  return (
    <tr
      className={`${c.cheapest ? "bg-emerald-50" : ""} ${c.meetsTarget ? "text-slate-900" : "text-slate-500"}`}
      data-testid="config-row"
      data-cheapest={c.cheapest || undefined}
      data-current={c.current || undefined}
      data-meets-target={c.meetsTarget}
    >
      <td className="py-2 pr-4">
        <span className="font-mono text-xs whitespace-nowrap text-slate-900" data-testid="config-name">
          {c.instanceType} × {c.count}
        </span>
        <span className="block text-xs whitespace-nowrap">
          {formatBytes(c.memoryBytes)} each · {POLICY_LABEL[c.policy]}
        </span>
        {(c.cheapest || c.current) && (
          <span className="mt-0.5 flex flex-wrap gap-1">
            {c.cheapest && <Mark tone="bg-emerald-100 text-emerald-800" testId="mark-cheapest" label="cheapest meeting target" />}
            {c.current && <Mark tone="bg-sky-100 text-sky-800" testId="mark-current" label="current" />}
          </span>
        )}
      </td>
      <td className={`${cell} font-medium`} data-testid="config-usd">
        {formatUsd(c.monthlyUsd)}
      </td>
      <td className={cell} data-testid="config-hit-ratio">
        {formatRatio(c.hitRatio)}
      </td>
      <td className={cell}>{formatNumber(c.coldLoadsPerHour)}</td>
      <td className={cell}>{formatWaitMs(c.loadingWaitP50Ms)}</td>
      <td className={cell}>{formatWaitMs(c.loadingWaitP99Ms)}</td>
      <td className={cell}>{formatBytes(c.peakMemoryBytes)}</td>
      <td className="max-w-48 py-2 pr-4 text-xs break-words" data-testid="config-does-not-fit">
        {c.modelsThatDoNotFit.length === 0 ? <span className="text-slate-400">—</span> : <span className="text-red-700">{c.modelsThatDoNotFit.join(", ")}</span>}
      </td>
    </tr>
  );
}

function Mark({ tone, label, testId }: { tone: string; label: string; testId: string }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ${tone}`} data-testid={testId}>
      {label}
    </span>
  );
}

/** Rows in the chosen order; ties go to the cheaper, then to the order the replay listed them. */
function sortConfigs(rows: Row[], key: ConfigSortKey, dir: SortDir): Row[] {
  const sign = dir === "asc" ? 1 : -1;
  const value = VALUE[key];
  return [...rows].sort((a, b) => sign * (value(a) - value(b)) || a.monthlyUsd - b.monthlyUsd || a.index - b.index);
}
