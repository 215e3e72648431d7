"use client";

import Link from "next/link";
import { useMemo } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import { formatNumber } from "@/lib/metrics/format-metric";
import type { EndpointSummaryView } from "@/lib/schemas/endpoint-summary";
import type { EndpointRow } from "@/lib/schemas/endpoint-views";
import { useEndpointsQuery, useEndpointSummariesQuery } from "@/components/endpoints/endpoints-query";
import { FailureReasonTip } from "@/components/endpoints/failure-reason-tip";
import { instancesLabel } from "@/components/endpoints/instances-label";
import { StatusBadge } from "@/components/endpoints/status-badge";
import { defaultDesc, useEndpointListState, type SortKey } from "@/components/endpoints/use-endpoint-list-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

/** Rows per page: the per-row figures are asked for one page at a time. */
const PAGE_SIZE = 50;

const SORTABLE: { key: SortKey; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
];
const TIMES: { key: SortKey; label: string }[] = [
  { key: "creationTime", label: "Created" },
  { key: "lastModifiedTime", label: "Last modified" },
];

/**
 * Every endpoint of the account and region (the BFF follows ListEndpoints' pages), searched and
 * sorted here, shown a page at a time. Instances, model count and 24 h invocations are not in
 * ListEndpoints: they are asked for the rows on screen only, so they do not sort the list.
 */
export function EndpointsTable() {
  const { data, error, isPending, isFetching } = useEndpointsQuery();
  const list = useEndpointListState();
  const { search, sort } = list;

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const filtered = (data ?? []).filter((e) => !q || e.name.toLowerCase().includes(q) || e.status.toLowerCase().includes(q));
    const dir = sort.desc ? -1 : 1;
    return [...filtered].sort((a, b) => dir * a[sort.key].localeCompare(b[sort.key]) || a.name.localeCompare(b.name));
  }, [data, search, sort.key, sort.desc]);

  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(list.page, pageCount);
  const pageRows = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const summaries = useEndpointSummariesQuery(pageRows);

  const sortHeader = (c: { key: SortKey; label: string }) => (
    <th key={c.key} className="py-2 pr-4 font-medium whitespace-nowrap" aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
        onClick={() => list.setSort(c.key, sort.key === c.key ? !sort.desc : defaultDesc(c.key))}
        data-testid={`sort-${c.key}`}
      >
        {c.label}
        {sort.key === c.key && <span aria-hidden>{sort.desc ? "▼" : "▲"}</span>}
      </button>
    </th>
  );

  return (
    <Card
      title={
        <span>
          Endpoints {data && <span className="font-normal text-slate-500">({formatNumber(data.length)})</span>}
          {isFetching && !isPending && <span className="ml-2 text-xs font-normal text-slate-400">refreshing…</span>}
        </span>
      }
      actions={
        <div className="w-44 sm:w-72">
          <input
            type="search"
            placeholder="Search by name or status"
            aria-label="Search endpoints"
            className={inputClass}
            value={search}
            onChange={(e) => list.setSearch(e.target.value)}
            data-testid="endpoint-search"
          />
        </div>
      }
    >
      <ErrorBanner error={error} title="Could not list endpoints" />
      {isPending && <p className="py-6 text-sm text-slate-500">Loading endpoints…</p>}
      {data && data.length === 0 && (
        <div className="py-10 text-center text-sm text-slate-600">
          No endpoints yet.{" "}
          <Link href="/endpoints/new" className="font-medium text-slate-900 underline">
            Create a multi-model endpoint
          </Link>
        </div>
      )}
      {data && data.length > 0 && (
        <>
          {/* On a narrow screen the table scrolls inside its card; the page itself never scrolls sideways. */}
          <div className="-mx-5 overflow-x-auto px-5 lg:overflow-x-visible">
            <table className="w-full text-left text-sm" data-testid="endpoints-table">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  {SORTABLE.map(sortHeader)}
                  <th className="py-2 pr-4 font-medium whitespace-nowrap">Instances</th>
                  <th className="py-2 pr-4 text-right font-medium whitespace-nowrap">Models</th>
                  <th className="py-2 pr-4 text-right font-medium whitespace-nowrap" title="Invocations in the last 24 hours">
                    Invocations 24 h
                  </th>
                  {TIMES.map(sortHeader)}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {pageRows.map((e) => (
                  <EndpointRowView key={e.arn} e={e} summary={summaries.data?.[e.name]} loading={summaries.isPending || summaries.isPlaceholderData} />
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={7} className="py-6 text-center text-slate-500">
                      No endpoint matches “{search}”.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {rows.length > PAGE_SIZE && <Pager page={page} pageCount={pageCount} total={rows.length} onPage={list.setPage} />}
        </>
      )}
    </Card>
  );
}

function Pager({ page, pageCount, total, onPage }: { page: number; pageCount: number; total: number; onPage: (p: number) => void }) {
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(page * PAGE_SIZE, total);
  return (
    <nav aria-label="Pages of endpoints" className="mt-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3 text-sm">
      <span className="text-slate-600" data-testid="endpoints-page-info">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)}
      </span>
      <span className="flex items-center gap-2">
        <Button variant="secondary" onClick={() => onPage(page - 1)} disabled={page <= 1} data-testid="endpoints-prev">
          Previous
        </Button>
        <span className="text-slate-500">
          Page {page} of {pageCount}
        </span>
        <Button variant="secondary" onClick={() => onPage(page + 1)} disabled={page >= pageCount} data-testid="endpoints-next">
          Next
        </Button>
      </span>
    </nav>
  );
}

function EndpointRowView({ e, summary, loading }: { e: EndpointRow; summary?: EndpointSummaryView; loading: boolean }) {
  // Figures of an earlier page or status stay blank ("…") until this row's own arrive; "—": none to show.
  const figure = (value: string | undefined) => (summary ? (value ?? "—") : loading ? "…" : "—");
  const badge = <StatusBadge status={e.status} />;
  return (
    <tr data-testid={`endpoint-row-${e.name}`}>
      <td className="max-w-[16rem] min-w-[10rem] py-2.5 pr-4">
        <Link href={`/endpoints/${encodeURIComponent(e.name)}`} className="font-medium break-all text-slate-900 hover:underline">
          {e.name}
        </Link>
      </td>
      <td className="py-2.5 pr-4 whitespace-nowrap">{summary?.failureReason ? <FailureReasonTip reason={summary.failureReason}>{badge}</FailureReasonTip> : badge}</td>
      <td className="py-2.5 pr-4 whitespace-nowrap text-slate-700" data-testid="endpoint-instances">
        {figure(summary && !summary.gone ? instancesLabel(summary.instances) : undefined)}
      </td>
      <td className="py-2.5 pr-4 text-right tabular-nums text-slate-700" data-testid="endpoint-models">
        {figure(summary?.modelCount !== undefined ? `${formatNumber(summary.modelCount)}${summary.modelCountCapped ? "+" : ""}` : undefined)}
      </td>
      <td className="py-2.5 pr-4 text-right tabular-nums text-slate-700" data-testid="endpoint-invocations">
        {figure(summary?.invocations24h !== undefined ? formatNumber(summary.invocations24h) : undefined)}
      </td>
      <td className="py-2.5 pr-4 whitespace-nowrap text-slate-600" title={formatDateTime(e.creationTime)}>
        {formatRelative(e.creationTime)}
      </td>
      <td className="py-2.5 pr-4 whitespace-nowrap text-slate-600" title={formatDateTime(e.lastModifiedTime)}>
        {formatRelative(e.lastModifiedTime)}
      </td>
    </tr>
  );
}
