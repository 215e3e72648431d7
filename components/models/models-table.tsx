"use client";

import Link from "next/link";
import { useDeferredValue, useMemo, useState } from "react";
import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import { formatMetric } from "@/lib/metrics/format-metric";
import { sortModelsByMetric, type ModelSortKey, type SortDir } from "@/lib/metrics/sort-models-by-metric";
import { PRESET_LABELS, rangeToQuery } from "@/lib/metrics/time-range";
import type { ModelMetricsSummary } from "@/lib/schemas/metrics";
import { useCan } from "@/components/auth/session-user-context";
import { useModelsSummaryQueries } from "@/components/metrics/metrics-query";
import { SortableHead, type SortableColumn } from "@/components/metrics/sortable-head";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { AliasChips } from "@/components/models/alias-chips";
import { useModelsQuery } from "@/components/models/models-query";
import { VerificationChip } from "@/components/models/verification-chip";
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
 * Fixed widths, in COLUMNS' order, so the columns do not jump as pages load or figures arrive; the
 * model's name takes what is left (long names are cut, whole in their title). Below the table's
 * minimum width it scrolls sideways rather than squeezing every column.
 */
const WIDTHS = ["", "w-24", "w-60", "w-24", "w-20", "w-24", "w-28", "w-24", "w-24"];
/** Alias chips shown per row; the rest fold into "+N". */
const ROW_ALIASES = 2;

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
    <Card title="Models">
      {/* Below the header, not in it, so that they wrap on a phone; a new endpoint has nothing to search or measure yet. */}
      {(models.length > 0 || search !== "") && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
          <span className="min-w-0 font-mono text-xs break-all text-slate-500">{location}</span>
          <div className="flex flex-wrap items-center gap-2">
            <TimeRangePicker compact />
            <div className="w-full sm:w-56">
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
        </div>
      )}
      <ErrorBanner error={q.error} title="Could not list models" />
      <ErrorBanner error={summaryError} title="Could not read the models' metrics" />
      {q.isPending && <p className="py-6 text-sm text-slate-500">Loading models…</p>}
      {q.data && models.length === 0 && (deferred ? <p className="py-6 text-center text-sm text-slate-500">No model name starts with “{deferred}”.</p> : <FirstModel location={location} />)}
      {models.length > 0 && (
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="w-full min-w-[68rem] table-fixed text-left text-sm" data-testid="models-table">
            <colgroup>
              {WIDTHS.map((w, i) => (
                <col key={i} className={w} />
              ))}
            </colgroup>
            <SortableHead columns={COLUMNS} sort={sort} onSort={setSort} />
            <tbody className="divide-y divide-slate-100">
              {models.map((m) => (
                <tr key={m.name} className="align-top" data-testid={`model-row-${m.name}`}>
                  <td className="truncate py-2 pr-4" title={m.name}>
                    <Link className="font-medium hover:underline" href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(m.name)}`}>
                      {m.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap" data-testid="model-latest">
                    {m.latestVersion ? `v${m.latestVersion}` : "—"} <span className="text-xs text-slate-500">({m.versionCount})</span>
                    {m.latestVersion !== undefined && (
                      <span className="mt-0.5 block">
                        <VerificationChip verification={m.verification} compact testId="model-latest-verification" />
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-4">
                    <AliasChips aliases={m.aliases} canaries={m.canaries} max={ROW_ALIASES} />
                  </td>
                  <td className="truncate py-2 pr-4 text-slate-700" title={m.framework}>
                    {m.framework ?? "—"}
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap text-slate-700">{formatBytes(m.size)}</td>
                  <td className="truncate py-2 pr-4 text-slate-600" title={m.uploadedAt && formatDateTime(m.uploadedAt)}>
                    {m.uploadedAt ? formatRelative(m.uploadedAt) : "—"}
                  </td>
                  <SummaryCells summary={summaries[m.name]} href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(m.name)}/metrics?${metricsQuery}`} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

/**
 * A new endpoint's models page: what to upload and how, instead of an empty table. The upload
 * panel is further down the page for those who may upload; others are told who can.
 */
function FirstModel({ location }: { location?: string }) {
  const canUpload = useCan("models:write");
  return (
    <div className="flex flex-col items-center gap-3 px-4 py-8 text-center" data-testid="models-empty">
      <p className="text-base font-semibold text-slate-800">No models yet</p>
      <p className="max-w-xl text-sm text-slate-600">
        {canUpload ? "Upload your first model: " : "An admin uploads models here: "}a Triton model package, a <span className="font-mono">.tar.gz</span> holding one
        model folder. Each upload becomes the model&apos;s next version, invoked as the target model{" "}
        <span className="font-mono whitespace-nowrap">my-model/v1.tar.gz</span>
        {location && (
          <>
            {" "}
            and stored under <span className="font-mono break-all">{location}</span>
          </>
        )}
        .
      </p>
      <pre className="rounded-md bg-slate-50 px-4 py-2 text-left font-mono text-xs text-slate-700 ring-1 ring-slate-200">
        {"my-model/\n  config.pbtxt\n  1/\n    model.onnx"}
      </pre>
      {canUpload && <p className="text-xs text-slate-500">The upload form checks the package in your browser before a byte is sent.</p>}
      {canUpload && (
        <a href="#upload" className="rounded-md bg-slate-900 px-3.5 py-2 text-sm font-medium text-white hover:bg-slate-700" data-testid="upload-first-model">
          Upload your first model
        </a>
      )}
    </div>
  );
}
