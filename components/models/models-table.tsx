"use client";

import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useModelsQuery } from "@/components/models/models-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";
import { TableHead } from "@/components/ui/table-head";

/** An endpoint's models, a page at a time, searchable by name prefix. */
export function ModelsTable({ endpoint }: { endpoint: string }) {
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const q = useModelsQuery(endpoint, /^[a-zA-Z0-9_.-]*$/.test(deferred) ? deferred : "");
  const models = q.data?.pages.flatMap((p) => p.models) ?? [];
  const location = q.data?.pages[0]?.location;
  return (
    <Card
      title={
        <span>
          Models {location && <span className="ml-2 font-mono text-xs font-normal text-slate-500">{location}</span>}
        </span>
      }
      actions={
        <div className="w-64">
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
      }
    >
      <ErrorBanner error={q.error} title="Could not list models" />
      {q.isPending && <p className="py-6 text-sm text-slate-500">Loading models…</p>}
      {q.data && models.length === 0 && (
        <p className="py-6 text-center text-sm text-slate-500">{deferred ? `No model name starts with “${deferred}”.` : "No models yet: upload a package below."}</p>
      )}
      {models.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="models-table">
          <TableHead columns={["Model", "Latest", "Aliases", "Framework", "Size", "Uploaded"]} />
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
              </tr>
            ))}
          </tbody>
        </table>
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
