"use client";

import Link from "next/link";
import { useDeferredValue, useMemo, useState } from "react";
import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import { formatMetric } from "@/lib/metrics/format-metric";
import { sortModelsByMetric, type ModelSortKey, type SortDir } from "@/lib/metrics/sort-models-by-metric";
import { PRESET_LABELS, rangeToQuery } from "@/lib/metrics/time-range";
import type { ModelMetricsSummary } from "@/lib/schemas/metrics";
import { useModelsSummaryQueries } from "@/components/metrics/metrics-query";
import { SortableHead, type SortableColumn } from "@/components/metrics/sortable-head";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { useModelsQuery } from "@/components/models/models-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

const COLUMNS: readonly SortableColumn<ModelSortKey>[] = [
  { label: "Model", sortKey: "name" },
  { label: "Latest" },
  { label: "Aliases" },
  { label: "Framework" },
  { label: "Size" },
  { label: "Uploaded" },
  { label: "Invocations", sortKey: "invocations", align: "right" },
  { label: "p99 latency", sortKey: "p99", align: "right" },
  { label: "Cache hits", sortKey: "hitRatio", align: "right" },
];

/**
 * An endpoint's models, a page at a time, searchable by name prefix, with each model's invocations,
 * p99 model latency and cache hit ratio over the chosen range; sorting by those (over the loaded
 * pages) makes the hottest and slowest models stand out.
 */
export function ModelsTable({ endpoint }: { endpoint: string }) {
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const q = useModelsQuery(endpoint, /^[a-zA-Z0-9_.-]*$/.test(deferred) ? deferred : "");
  const pages = useMemo(() => q.data?.pages.map((p) => p.models.map((m) => m.name)) ?? [], [q.data]);
  const { range, refresh } = useTimeRange();
  const summaryQueries = useModelsSummaryQueries(endpoint, pages, range, refresh);
  const summaries: Record<string, ModelMetricsSummary> = Object.assign({}, ...summaryQueries.map((r) => r.data?.models ?? {}));
  const summaryError = summaryQueries.find((r) => r.error)?.error;
  const [sort, setSort] = useState<{ key: ModelSortKey; dir: SortDir }>({ key: "name", dir: "asc" });
  const loaded = q.data?.pages.flatMap((p) => p.models) ?? [];
  const models = sort.key === "name" && sort.dir === "asc" ? loaded : sortModelsByMetric(loaded, summaries, sort.key, sort.dir);
  const location = q.data?.pages[0]?.location;
  const metricsQuery = new URLSearchParams(rangeToQuery(range)).toString();
  return (
    <Card
      title={
        <span>
          Models {location && <span className="ml-2 font-mono text-xs font-normal text-slate-500">{location}</span>}
        </span>
      }
      actions={
        <div className="flex items-center gap-3">
          <TimeRangePicker compact />
          <div className="w-56">
          <input
            type="search"
            className={inputClass}
            placeholder="Name starts with…"
            aria-label="Search models"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="model-search"
          />
          </div>
        </div>
      }
    >
      <ErrorBanner error={q.error} title="Could not list models" />
      <ErrorBanner error={summaryError} title="Could not read the models' metrics" />
      {q.isPending && <p className="py-6 text-sm text-slate-500">Loading models…</p>}
      {q.data && models.length === 0 && (
        <p className="py-6 text-center text-sm text-slate-500">{deferred ? `No model name starts with “${deferred}”.` : "No models yet: upload a package below."}</p>
      )}
      {models.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="models-table">
          <SortableHead columns={COLUMNS} sort={sort} onSort={setSort} />
          <tbody className="divide-y divide-slate-100">
            {models.map((m) => (
              <tr key={m.name} data-testid={`model-row-${m.name}`}>
                <td className="py-2 pr-4">
                  <Link className="font-medium hover:underline" href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(m.name)}`}>
                    {m.name}
                  </Link>
                </td>
                <td className="py-2 pr-4" data-testid="model-latest">
                  {m.latestVersion ? `v${m.latestVersion}` : "—"} <span className="text-xs text-slate-500">({m.versionCount})</span>
                </td>
                <td className="py-2 pr-4">
                  <AliasChips aliases={m.aliases} />
                </td>
                <td className="py-2 pr-4 text-slate-700">{m.framework ?? "—"}</td>
                <td className="py-2 pr-4 text-slate-700">{formatBytes(m.size)}</td>
                <td className="py-2 pr-4 text-slate-600" title={m.uploadedAt && formatDateTime(m.uploadedAt)}>
                  {m.uploadedAt ? formatRelative(m.uploadedAt) : "—"}
                </td>
                <SummaryCells summary={summaries[m.name]} href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(m.name)}/metrics?${metricsQuery}`} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {models.length > 0 && (
        <p className="mt-2 text-xs text-slate-500">
          Figures over {"preset" in range ? `the last ${PRESET_LABELS[range.preset]}` : "the chosen range"}; sorting by them orders the models loaded so far. p99 of several versions is the
          highest version&apos;s.
        </p>
      )}
      {q.hasNextPage && (
        <div className="mt-3">
          <Button variant="secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** A model's figures for the range; blank while they load, "—" where the range has none. */
function SummaryCells({ summary, href }: { summary?: ModelMetricsSummary; href: string }) {
  const cell = "py-2 pr-4 text-right tabular-nums";
  if (!summary) return <td colSpan={3} className={`${cell} text-slate-300`}>…</td>;
  return (
    <>
      <td className={cell} data-testid="model-invocations">
        <Link className="hover:underline" href={href} title="Open this model's metrics">
          {formatMetric(summary.invocations, "count")}
        </Link>
      </td>
      <td className={cell} data-testid="model-p99">
        {formatMetric(summary.p99LatencyUs, "microseconds")}
      </td>
      <td className={cell} data-testid="model-hit-ratio">
        {formatMetric(summary.cacheHitRatio, "ratio")}
      </td>
    </>
  );
}

export function AliasChips({ aliases }: { aliases: Record<string, number> }) {
  const entries = Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {entries.map(([a, v]) => (
        <span key={a} className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-600/20" data-testid={`alias-${a}`}>
          {a} → v{v}
        </span>
      ))}
    </span>
  );
}
