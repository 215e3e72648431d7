"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ApiClientError } from "@/lib/api-client";
import { formatDateTime, formatRelative } from "@/lib/format";
import { describeInstanceType, findInstanceType } from "@/lib/instance-types";
import { isTransitional } from "@/lib/schemas/endpoint";
import type { EndpointDetailView } from "@/lib/schemas/endpoint-views";
import { useCan } from "@/components/auth/session-user-context";
import { DeleteEndpointButton } from "@/components/endpoints/delete-endpoint-button";
import { useEndpointQuery } from "@/components/endpoints/endpoints-query";
import { InstanceCountEditor } from "@/components/endpoints/instance-count-editor";
import { StatusBadge } from "@/components/endpoints/status-badge";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export function EndpointDetail({ name }: { name: string }) {
  const { data, error, isPending } = useEndpointQuery(name);
  if (isPending) return <p className="text-sm text-slate-500">Loading {name}…</p>;
  if (error instanceof ApiClientError && error.status === 404) {
    return (
      <div className="flex flex-col gap-3" data-testid="endpoint-gone">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <p className="text-sm text-slate-600">This endpoint does not exist (any more).</p>
        <Link href="/endpoints" className="text-sm font-medium underline">
          Back to endpoints
        </Link>
      </div>
    );
  }
  if (!data) return <ErrorBanner error={error} title={`Could not load ${name}`} />;
  // A later refresh failed (AWS throttling, say): the last answer stays on screen under the banner.
  return (
    <div className="flex flex-col gap-3">
      <ErrorBanner error={error} title={`Could not refresh ${name}`} />
      <EndpointDetailLoaded ep={data} />
    </div>
  );
}

function EndpointDetailLoaded({ ep }: { ep: EndpointDetailView }) {
  const busy = isTransitional(ep.status);
  const canWrite = useCan("endpoints:write");
  return (
    <div className="flex flex-col gap-5">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <Breadcrumbs trail={[{ label: "Endpoints", href: "/endpoints" }]} />
          <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight" data-testid="endpoint-title">
            {ep.name} <StatusBadge status={ep.status} />
          </h1>
          <p className="mt-1 truncate font-mono text-xs text-slate-500">{ep.arn}</p>
        </div>
        <div className="flex items-center gap-2">
          <LinkButton
            href={`/endpoints/${encodeURIComponent(ep.name)}/models`}
            data-testid="models-link"
          >
            Models
          </LinkButton>
          <LinkButton
            href={`/endpoints/${encodeURIComponent(ep.name)}/metrics`}
            data-testid="metrics-link"
          >
            Metrics
          </LinkButton>
          <LinkButton
            href={`/endpoints/${encodeURIComponent(ep.name)}/residency`}
            data-testid="residency-link"
          >
            Residency
          </LinkButton>
          <DeleteEndpointButton name={ep.name} disabled={busy || !canWrite} title={canWrite ? undefined : "Only admins can delete endpoints"} />
        </div>
      </div>
      {ep.failureReason && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="failure-reason">
          <p className="font-medium">Failure reason</p>
          <p className="mt-1">{ep.failureReason}</p>
        </div>
      )}
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title="Configuration">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
            <Row label="Endpoint config">
              <span className="font-mono">{ep.endpointConfigName}</span>
            </Row>
            <Row label="Created">{formatDateTime(ep.creationTime)}</Row>
            <Row label="Last modified">{formatDateTime(ep.lastModifiedTime)}</Row>
          </dl>
        </Card>
        <Card title="Production variants">
          {ep.variants.map((v) => {
            const t = v.instanceType ? findInstanceType(v.instanceType) : undefined;
            return (
              <div key={v.variantName} className="flex flex-col gap-3" data-testid={`variant-${v.variantName}`}>
                <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
                  <Row label="Variant">{v.variantName}</Row>
                  <Row label="Instance type">
                    <span data-testid="instance-type">{v.instanceType ?? "—"}</span>
                    {t && <span className="block text-xs text-slate-500">{describeInstanceType(t)}</span>}
                  </Row>
                  <Row label="Instances">
                    <span data-testid="current-instance-count">{v.currentInstanceCount ?? "—"}</span>
                    {v.desiredInstanceCount !== undefined && v.desiredInstanceCount !== v.currentInstanceCount && (
                      <span className="text-slate-500"> → {v.desiredInstanceCount}</span>
                    )}
                  </Row>
                  <Row label="Images">
                    {v.images.map((i) => (
                      <span key={i} className="block break-all font-mono text-xs">
                        {i}
                      </span>
                    ))}
                  </Row>
                </dl>
                <InstanceCountEditor
                  key={`${v.variantName}-${v.currentInstanceCount}`}
                  name={ep.name}
                  current={v.desiredInstanceCount ?? v.currentInstanceCount ?? 1}
                  canEdit={ep.status === "InService" && canWrite}
                />
              </div>
            );
          })}
          {ep.variants.length === 0 && <p className="text-sm text-slate-500">{busy ? "Variants appear once the endpoint is created." : "No variants."}</p>}
        </Card>
        <Card title="Models">
          {ep.models.map((m) => (
            <dl key={m.name} className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
              <Row label="Model">{m.name}</Row>
              <Row label="Mode">{m.mode ?? "SingleModel"}</Row>
              <Row label="Model data prefix">
                <span className="break-all font-mono" data-testid="model-data-url">
                  {m.modelDataUrl ?? "—"}
                </span>
              </Row>
              <Row label="Image">
                <span className="break-all font-mono text-xs">{m.image ?? "—"}</span>
              </Row>
              <Row label="Execution role">
                <span className="break-all font-mono text-xs">{m.executionRoleArn ?? "—"}</span>
              </Row>
            </dl>
          ))}
          {ep.models.length === 0 && <p className="text-sm text-slate-500">The endpoint config names no model that still exists.</p>}
        </Card>
        <Card title="History">
          <p className="mb-3 text-xs text-slate-500">What this console requested and the statuses it saw; SageMaker keeps no such history.</p>
          <ol className="flex flex-col gap-2 text-sm" data-testid="endpoint-history">
            {ep.history.map((h, i) => (
              <li key={i} className="flex gap-3">
                <span className="w-20 shrink-0 text-xs text-slate-500" title={formatDateTime(h.at)}>
                  {formatRelative(h.at)}
                </span>
                <span>
                  {h.kind === "observed" ? <StatusBadge status={h.what} /> : <span className="font-medium">{h.what}</span>}
                  {h.detail && <span className="ml-2 text-slate-600">{h.detail}</span>}
                  {h.actor && <span className="ml-2 text-xs text-slate-500">by {h.actor}</span>}
                </span>
              </li>
            ))}
            {ep.history.length === 0 && <li className="text-slate-500">Nothing recorded yet.</li>}
          </ol>
        </Card>
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}
