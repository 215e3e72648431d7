"use client";

import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useCan } from "@/components/auth/session-user-context";
import { AliasEditor } from "@/components/models/alias-editor";
import { useDeleteVersionMutation } from "@/components/models/model-mutations";
import { useModelQuery } from "@/components/models/models-query";
import { AliasChips } from "@/components/models/models-table";
import { TensorTable } from "@/components/models/tensor-table";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { TableHead } from "@/components/ui/table-head";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export function ModelDetail({ endpoint, model }: { endpoint: string; model: string }) {
  const { data, error, isPending } = useModelQuery(endpoint, model);
  const canWrite = useCan("models:write");
  const del = useDeleteVersionMutation(endpoint, model);
  if (isPending) return <p className="text-sm text-slate-500">Loading {model}…</p>;
  if (error || !data) return <ErrorBanner error={error} title={`Could not load ${model}`} />;
  const endpointHref = `/endpoints/${encodeURIComponent(endpoint)}`;
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Breadcrumbs trail={[{ label: "Endpoints", href: "/endpoints" }, { label: endpoint, href: endpointHref }, { label: "models", href: `${endpointHref}/models` }]} />
        <div className="flex items-start justify-between gap-4">
          <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight" data-testid="model-title">
            {data.name} <AliasChips aliases={data.aliases} />
          </h1>
          <LinkButton
            href={`${endpointHref}/models/${encodeURIComponent(model)}/metrics`}
            data-testid="model-metrics-link"
          >
            Metrics
          </LinkButton>
        </div>
        <p className="mt-1 font-mono text-xs text-slate-500">
          {data.location}
          {data.name}/
        </p>
      </div>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title={data.signature ? `Signature (v${data.signature.version}, max batch ${data.signature.maxBatchSize})` : "Signature"}>
          {data.signature ? <TensorTable inputs={data.signature.inputs} outputs={data.signature.outputs} /> : <p className="text-sm text-slate-500">No ready version yet.</p>}
        </Card>
        <Card title="Aliases">
          {canWrite ? (
            <AliasEditor endpoint={endpoint} model={model} versions={data.versions} aliases={data.aliases} />
          ) : (
            <AliasChips aliases={data.aliases} />
          )}
          {data.aliasHistory.length > 0 && (
            <ol className="mt-4 flex flex-col gap-1 border-t border-slate-100 pt-3 text-xs text-slate-600" data-testid="alias-history">
              {data.aliasHistory.slice(0, 10).map((h, i) => (
                <li key={i} title={formatDateTime(h.at)}>
                  <span className="font-medium text-slate-800">{h.alias}</span> {h.from ? `v${h.from}` : "new"} → {h.to ? `v${h.to}` : "removed"} by {h.by},{" "}
                  {formatRelative(h.at)}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      <Card title="Versions">
        <ErrorBanner error={del.error} title="Could not delete the version" action />
        <table className="w-full text-left text-sm" data-testid="versions-table">
          <TableHead columns={["Version", "Target model", "Framework", "Size", "sha256", "Uploaded", "Notes", ""]} />
          <tbody className="divide-y divide-slate-100">
            {data.versions.map((v) => (
              <tr key={v.version} data-testid={`version-row-${v.version}`}>
                <td className="py-2 pr-4 font-medium">
                  v{v.version} {v.state === "uploading" && <span className="text-xs text-amber-700">uploading</span>}
                  {v.aliases.length > 0 && <span className="ml-1 text-xs text-indigo-700">{v.aliases.join(", ")}</span>}
                </td>
                <td className="py-2 pr-4 font-mono text-xs">{v.targetModel}</td>
                <td className="py-2 pr-4">{v.framework ?? "—"}</td>
                <td className="py-2 pr-4">{formatBytes(v.size)}</td>
                <td className="py-2 pr-4 font-mono text-xs" title={v.sha256}>
                  {v.sha256 ? v.sha256.slice(0, 12) : "—"}
                </td>
                <td className="py-2 pr-4 text-slate-600" title={formatDateTime(v.uploadedAt)}>
                  {formatRelative(v.uploadedAt)} by {v.uploadedBy}
                </td>
                <td className="max-w-48 truncate py-2 pr-4 text-slate-600" title={v.notes}>
                  {v.notes ?? ""}
                </td>
                <td className="py-2 text-right">
                  {canWrite && (
                    <button
                      type="button"
                      className="text-xs text-red-700 underline disabled:text-slate-400 disabled:no-underline"
                      disabled={v.aliases.length > 0 || del.isPending}
                      title={v.aliases.length > 0 ? `Aliased as ${v.aliases.join(", ")}: move the alias first` : undefined}
                      onClick={() => {
                        if (window.confirm(`Delete ${model} v${v.version}? Its artifact is removed from S3.`)) del.mutate(v.version);
                      }}
                      data-testid={`delete-version-${v.version}`}
                    >
                      delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
