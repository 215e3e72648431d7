"use client";

import type { ReactNode } from "react";
import { formatDateTime } from "@/lib/format";
import { describeInstanceType, findInstanceType } from "@/lib/instance-types";
import { isTransitional } from "@/lib/schemas/endpoint";
import type { EndpointDetailView } from "@/lib/schemas/endpoint-views";
import { useCan } from "@/components/auth/session-user-context";
import { EndpointSummaryFigures } from "@/components/endpoints/endpoint-summary-figures";
import { useEndpointQuery, useEndpointSummariesQuery } from "@/components/endpoints/endpoints-query";
import { FirstModel } from "@/components/endpoints/first-model";
import { InstanceCountEditor } from "@/components/endpoints/instance-count-editor";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";

/** The endpoint hub's first tab: its figures, then what it is made of. The hub shows its name, status and errors. */
export function EndpointOverview({ name }: { name: string }) {
  const { data } = useEndpointQuery(name);
  const summaries = useEndpointSummariesQuery(data ? [{ name, status: data.status }] : []);
  if (!data) return null;
  const summary = summaries.data?.[name];
  return (
    <div className="flex flex-col gap-5">
      {data.failureReason && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="failure-reason">
          <p className="font-medium">Failure reason</p>
          <p className="mt-1 break-words">{data.failureReason}</p>
        </div>
      )}
      <EndpointSummaryFigures ep={data} summary={summary} />
      {summary?.modelCount === 0 && <FirstModel ep={data} />}
      <div className="grid gap-5 lg:grid-cols-2">
        <ConfigurationCard ep={data} />
        <VariantsCard ep={data} />
        <ModelCard ep={data} />
      </div>
    </div>
  );
}

function ConfigurationCard({ ep }: { ep: EndpointDetailView }) {
  return (
    <Card title="Configuration">
      <dl className={LIST}>
        <Row label="Endpoint config">
          <span className="flex min-w-0 items-center gap-1">
            <span className="break-all font-mono">{ep.endpointConfigName}</span>
            <CopyButton value={ep.endpointConfigName} label="endpoint config name" />
          </span>
        </Row>
        <Row label="Created">{formatDateTime(ep.creationTime)}</Row>
        <Row label="Last modified">{formatDateTime(ep.lastModifiedTime)}</Row>
      </dl>
    </Card>
  );
}

function VariantsCard({ ep }: { ep: EndpointDetailView }) {
  const canWrite = useCan("endpoints:write");
  const busy = isTransitional(ep.status);
  return (
    <Card title="Production variants">
      {ep.variants.map((v) => {
        const t = v.instanceType ? findInstanceType(v.instanceType) : undefined;
        return (
          <div key={v.variantName} className="flex flex-col gap-3" data-testid={`variant-${v.variantName}`}>
            <dl className={LIST}>
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
  );
}

/** The SageMaker model behind the endpoint (MultiModel: one container over an S3 prefix), not the models it serves. */
function ModelCard({ ep }: { ep: EndpointDetailView }) {
  return (
    <Card title="SageMaker model">
      {ep.models.map((m) => (
        <dl key={m.name} className={LIST}>
          <Row label="Model">{m.name}</Row>
          <Row label="Mode">{m.mode ?? "SingleModel"}</Row>
          <Row label="Model data prefix">
            {m.modelDataUrl ? (
              <span className="flex min-w-0 items-start gap-1">
                <span className="break-all font-mono" data-testid="model-data-url">
                  {m.modelDataUrl}
                </span>
                <CopyButton value={m.modelDataUrl} label="model data prefix" data-testid="copy-model-data-url" />
              </span>
            ) : (
              "—"
            )}
          </Row>
          <Row label="Image">
            <span className="break-all font-mono text-xs">{m.image ?? "—"}</span>
          </Row>
          <Row label="Execution role">
            {m.executionRoleArn ? (
              <span className="flex min-w-0 items-start gap-1">
                <span className="break-all font-mono text-xs">{m.executionRoleArn}</span>
                <CopyButton value={m.executionRoleArn} label="execution role ARN" data-testid="copy-role-arn" />
              </span>
            ) : (
              "—"
            )}
          </Row>
        </dl>
      ))}
      {ep.models.length === 0 && <p className="text-sm text-slate-500">The endpoint config names no model that still exists.</p>}
    </Card>
  );
}

/** Label and value side by side; stacked on a phone, where a 10rem label column would crush the value. */
const LIST = "grid grid-cols-1 gap-y-1 text-sm sm:grid-cols-[10rem_1fr] sm:gap-y-2";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mb-2 min-w-0 sm:mb-0">{children}</dd>
    </>
  );
}
