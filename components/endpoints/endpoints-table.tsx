"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { EndpointRow } from "@/lib/schemas/endpoint-views";
import { useEndpointsQuery } from "@/components/endpoints/endpoints-query";
import { StatusBadge } from "@/components/endpoints/status-badge";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

type SortKey = "name" | "status" | "creationTime" | "lastModifiedTime";
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
  { key: "creationTime", label: "Created" },
  { key: "lastModifiedTime", label: "Last modified" },
];

export function EndpointsTable() {
  const { data, error, isPending, isFetching } = useEndpointsQuery();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "creationTime", desc: true });

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const filtered = (data ?? []).filter((e) => !q || e.name.toLowerCase().includes(q) || e.status.toLowerCase().includes(q));
    const dir = sort.desc ? -1 : 1;
    return [...filtered].sort((a, b) => dir * a[sort.key].localeCompare(b[sort.key]));
  }, [data, search, sort]);

  return (
    <Card
      title={
        <span>
          Endpoints {data && <span className="font-normal text-slate-500">({data.length})</span>}
          {isFetching && !isPending && <span className="ml-2 text-xs font-normal text-slate-400">refreshing…</span>}
        </span>
      }
      actions={
        <div className="w-72">
          <input
            type="search"
            placeholder="Search by name or status"
            aria-label="Search endpoints"
            className={inputClass}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
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
        <table className="w-full text-left text-sm" data-testid="endpoints-table">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} className="py-2 pr-4 font-medium" aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 hover:text-slate-900"
                    onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.key !== "name" && c.key !== "status" }))}
                  >
                    {c.label}
                    {sort.key === c.key && <span aria-hidden>{sort.desc ? "▼" : "▲"}</span>}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((e) => (
              <EndpointRowView key={e.arn} e={e} />
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="py-6 text-center text-slate-500">
                  No endpoint matches “{search}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function EndpointRowView({ e }: { e: EndpointRow }) {
  return (
    <tr data-testid={`endpoint-row-${e.name}`}>
      <td className="py-2.5 pr-4">
        <Link href={`/endpoints/${encodeURIComponent(e.name)}`} className="font-medium text-slate-900 hover:underline">
          {e.name}
        </Link>
      </td>
      <td className="py-2.5 pr-4">
        <StatusBadge status={e.status} />
      </td>
      <td className="py-2.5 pr-4 text-slate-600" title={formatDateTime(e.creationTime)}>
        {formatRelative(e.creationTime)}
      </td>
      <td className="py-2.5 pr-4 text-slate-600" title={formatDateTime(e.lastModifiedTime)}>
        {formatRelative(e.lastModifiedTime)}
      </td>
    </tr>
  );
}
