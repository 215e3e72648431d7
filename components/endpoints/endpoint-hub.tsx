"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { ApiClientError } from "@/lib/api-client";
import { isTransitional } from "@/lib/schemas/endpoint";
import type { EndpointDetailView } from "@/lib/schemas/endpoint-views";
import { useCan } from "@/components/auth/session-user-context";
import { DeleteEndpointDialog } from "@/components/endpoints/delete-endpoint-dialog";
import { EndpointTabs } from "@/components/endpoints/endpoint-tabs";
import { useEndpointQuery } from "@/components/endpoints/endpoints-query";
import { StatusBadge } from "@/components/endpoints/status-badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { LinkButton } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Menu, MenuItem } from "@/components/ui/menu";

/**
 * The frame of every page of an endpoint: its name, status and ARN, its actions, and its pages as
 * tabs. The pages under it share its query (TanStack's cache), so a tab change asks nothing again.
 */
export function EndpointHub({ name, children }: { name: string; children: ReactNode }) {
  const { data, error } = useEndpointQuery(name);
  if (error instanceof ApiClientError && error.status === 404) return <EndpointGone name={name} />;
  return (
    <div className="flex min-w-0 flex-col gap-5">
      <EndpointHeader name={name} ep={data} />
      {/* A later refresh failed (AWS throttling, say): the last answer stays on screen under the banner. */}
      <ErrorBanner error={error} title={data ? `Could not refresh ${name}` : `Could not load ${name}`} />
      <EndpointTabs name={name} />
      {children}
    </div>
  );
}

function EndpointHeader({ name, ep }: { name: string; ep?: EndpointDetailView }) {
  const canWrite = useCan("endpoints:write");
  const canInvoke = useCan("invoke");
  const [deleting, setDeleting] = useState(false);
  const busy = !ep || isTransitional(ep.status);
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <Breadcrumbs trail={[{ label: "Endpoints", href: "/endpoints" }]} />
        <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold tracking-tight break-all" data-testid="endpoint-title">
          {name} {ep && <StatusBadge status={ep.status} />}
        </h1>
        {ep && (
          <p className="mt-1 flex min-w-0 items-center gap-1 font-mono text-xs text-slate-500">
            <span className="truncate" data-testid="endpoint-arn" title={ep.arn}>
              {ep.arn}
            </span>
            <CopyButton value={ep.arn} label="endpoint ARN" data-testid="copy-arn" />
          </p>
        )}
      </div>
      <div className="flex items-center gap-2">
        {canInvoke && (
          <LinkButton href={`/playground?endpoint=${encodeURIComponent(name)}`} data-testid="playground-link">
            Invoke
          </LinkButton>
        )}
        <Menu label="Actions" data-testid="endpoint-actions">
          <MenuItem
            tone="danger"
            onSelect={() => setDeleting(true)}
            disabled={busy || !canWrite}
            title={!canWrite ? "Only admins can delete endpoints" : busy ? "Wait until the endpoint is no longer in transition" : undefined}
            data-testid="delete-endpoint"
          >
            Delete endpoint…
          </MenuItem>
        </Menu>
        <DeleteEndpointDialog name={name} open={deleting} onClose={() => setDeleting(false)} />
      </div>
    </div>
  );
}

function EndpointGone({ name }: { name: string }) {
  return (
    <div className="flex flex-col gap-3" data-testid="endpoint-gone">
      <Breadcrumbs trail={[{ label: "Endpoints", href: "/endpoints" }]} />
      <h1 className="text-2xl font-semibold break-all">{name}</h1>
      <p className="text-sm text-slate-600">This endpoint does not exist (any more).</p>
      <Link href="/endpoints" className="text-sm font-medium underline">
        Back to endpoints
      </Link>
    </div>
  );
}
