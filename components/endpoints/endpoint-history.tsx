"use client";

import { formatDateTime, formatRelative } from "@/lib/format";
import { useEndpointQuery } from "@/components/endpoints/endpoints-query";
import { StatusBadge } from "@/components/endpoints/status-badge";
import { Card } from "@/components/ui/card";

/** The History tab: what this console requested and the statuses it saw, newest first. */
export function EndpointHistory({ name }: { name: string }) {
  const { data } = useEndpointQuery(name);
  if (!data) return null;
  return (
    <Card title="History">
      <p className="mb-3 text-xs text-slate-500">What this console requested and the statuses it saw; SageMaker keeps no such history.</p>
      <ol className="flex flex-col gap-2 text-sm" data-testid="endpoint-history">
        {data.history.map((h, i) => (
          <li key={i} className="flex gap-3">
            <span className="w-20 shrink-0 text-xs text-slate-500" title={formatDateTime(h.at)}>
              {formatRelative(h.at)}
            </span>
            <span className="min-w-0 break-words">
              {h.kind === "observed" ? <StatusBadge status={h.what} /> : <span className="font-medium">{h.what}</span>}
              {h.detail && <span className="ml-2 text-slate-600">{h.detail}</span>}
              {h.actor && <span className="ml-2 text-xs text-slate-500">by {h.actor}</span>}
            </span>
          </li>
        ))}
        {data.history.length === 0 && <li className="text-slate-500">Nothing recorded yet.</li>}
      </ol>
    </Card>
  );
}
