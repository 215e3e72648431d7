"use client";

import { useState } from "react";
import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import { isVerificationRunning } from "@/lib/model-verification";
import type { VersionView } from "@/lib/schemas/model-views";
import { useCan } from "@/components/auth/session-user-context";
import { AliasEditor } from "@/components/models/alias-editor";
import { describeAliasMove } from "@/components/models/alias-moves";
import { CanaryPanel } from "@/components/models/canary-panel";
import { useDeleteVersionMutation, useVerifyVersionMutation } from "@/components/models/model-mutations";
import { useModelQuery } from "@/components/models/models-query";
import { AliasChips } from "@/components/models/alias-chips";
import { TensorTable } from "@/components/models/tensor-table";
import { VersionVerification } from "@/components/models/version-verification";
import { OpenInPlaygroundLink } from "@/components/playground/open-in-playground-link";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";
import { useToast } from "@/components/ui/toast";
import { TableHead } from "@/components/ui/table-head";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export function ModelDetail({ endpoint, model }: { endpoint: string; model: string }) {
  const { data, error, isPending } = useModelQuery(endpoint, model);
  const canWrite = useCan("models:write");
  const del = useDeleteVersionMutation(endpoint, model);
  const verify = useVerifyVersionMutation(endpoint, model);
  const [toDelete, setToDelete] = useState<VersionView | null>(null);
  const toast = useToast();
  if (isPending) return <p className="text-sm text-slate-500">Loading {model}…</p>;
  if (error || !data) return <ErrorBanner error={error} title={`Could not load ${model}`} />;
  const endpointHref = `/endpoints/${encodeURIComponent(endpoint)}`;
  return (
    <div className="flex flex-col gap-5">
      <div className="min-w-0">
        {/* The endpoint's hub above names the endpoint; this trail leads back to its models. */}
        <Breadcrumbs trail={[{ label: "Models", href: `${endpointHref}/models` }]} />
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h1 className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-xl font-semibold tracking-tight break-all" data-testid="model-title">
            {data.name} <AliasChips aliases={data.aliases} canaries={data.canaries} max={4} />
          </h1>
          <div className="flex items-center gap-2">
            <OpenInPlaygroundLink endpoint={endpoint} model={model} />
            <LinkButton href={`${endpointHref}/models/${encodeURIComponent(model)}/metrics`} data-testid="model-metrics-link">
              Metrics
            </LinkButton>
          </div>
        </div>
        <p className="mt-1 font-mono text-xs break-all text-slate-500">
          {data.location}
          {data.name}/
        </p>
      </div>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title={data.signature ? `Signature (v${data.signature.version}, max batch ${data.signature.maxBatchSize})` : "Signature"}>
          {data.signature ? <TensorTable inputs={data.signature.inputs} outputs={data.signature.outputs} /> : <p className="text-sm text-slate-500">No ready version yet.</p>}
        </Card>
        <Card title="Aliases">
          <AliasEditor
            endpoint={endpoint}
            model={model}
            versions={data.versions}
            aliases={data.aliases}
            canaries={data.canaries ?? {}}
            history={data.aliasHistory}
            canWrite={canWrite}
          />
          {data.aliasHistory.length > 0 && (
            <ol className="mt-4 flex flex-col gap-1 border-t border-slate-100 pt-3 text-xs text-slate-600" aria-label="Alias history" data-testid="alias-history">
              {data.aliasHistory.slice(0, 10).map((h, i) => (
                <li key={i} title={formatDateTime(h.at)} className="break-words" data-kind={h.kind ?? "move"}>
                  <span className="font-medium text-slate-800">{h.alias}</span> {describeAliasMove(h)} by {h.by}, {formatRelative(h.at)}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      {Object.entries(data.canaries ?? {}).map(([alias, canary]) =>
        data.aliases[alias] === undefined ? null : (
          <CanaryPanel key={alias} endpoint={endpoint} model={model} alias={alias} stable={data.aliases[alias]} canary={canary} versions={data.versions} canDecide={canWrite} />
        ),
      )}
      <Card title="Versions">
        <ErrorBanner error={del.error} title="Could not delete the version" action />
        <ErrorBanner error={verify.error} title="Could not verify the version" action />
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="w-full min-w-[64rem] text-left text-sm" data-testid="versions-table">
            <TableHead columns={["Version", "Verification", "Target model", "Framework", "Size", "sha256", "Uploaded", "Notes", ""]} />
            <tbody className="divide-y divide-slate-100">
              {data.versions.map((v) => (
                <tr key={v.version} data-testid={`version-row-${v.version}`}>
                  <td className="py-2 pr-4">
                    <span className="font-medium whitespace-nowrap">
                      v{v.version} {v.state === "uploading" && <span className="text-xs font-normal text-amber-700">uploading</span>}
                    </span>
                    {v.aliases.length > 0 && <span className="block text-xs text-indigo-700">{v.aliases.join(", ")}</span>}
                    {v.sameAs !== undefined && (
                      <span className="block text-xs whitespace-nowrap text-amber-700" title={`Byte-identical to v${v.sameAs} (same sha256)`} data-testid={`version-same-as-${v.version}`}>
                        same as v{v.sameAs}
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-4">{v.state === "ready" && <VersionVerification version={v} />}</td>
                  <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap">{v.targetModel}</td>
                  <td className="py-2 pr-4">{v.framework ?? "—"}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{formatBytes(v.size)}</td>
                  <td className="py-2 pr-4 font-mono text-xs" title={v.sha256}>
                    {v.sha256 ? v.sha256.slice(0, 12) : "—"}
                  </td>
                  <td className="py-2 pr-4 text-slate-600" title={formatDateTime(v.uploadedAt)}>
                    {formatRelative(v.uploadedAt)} by {v.uploadedBy}
                  </td>
                  <td className="max-w-48 truncate py-2 pr-4 text-slate-600" title={v.notes}>
                    {v.notes ?? ""}
                  </td>
                  <td className="space-x-3 py-2 text-right whitespace-nowrap">
                    {v.state === "ready" && (
                      <OpenInPlaygroundLink endpoint={endpoint} model={model} version={v.version} look="text" data-testid={`open-in-playground-${v.version}`} />
                    )}
                    {canWrite && v.state === "ready" && (
                      <button
                        type="button"
                        className="text-xs text-slate-700 underline disabled:text-slate-400 disabled:no-underline"
                        disabled={isVerificationRunning(v.verification) || (verify.isPending && verify.variables === v.version)}
                        title="Load and invoke this version on the endpoint with its example input"
                        onClick={() => verify.mutate(v.version)}
                        data-testid={`verify-version-${v.version}`}
                      >
                        {verify.isPending && verify.variables === v.version ? "verifying…" : "verify"}
                      </button>
                    )}
                    {canWrite && (
                      <button
                        type="button"
                        className="text-xs text-red-700 underline disabled:text-slate-400 disabled:no-underline"
                        disabled={v.aliases.length > 0 || del.isPending}
                        title={v.aliases.length > 0 ? `Aliased as ${v.aliases.join(", ")}: move the alias first` : undefined}
                        onClick={() => setToDelete(v)}
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
        </div>
      </Card>
      <ConfirmDialog
        open={toDelete !== null}
        title={toDelete?.state === "uploading" ? `Discard the upload of ${model} v${toDelete.version}?` : `Delete ${model} v${toDelete?.version ?? ""}?`}
        confirmLabel={toDelete?.state === "uploading" ? "Discard upload" : `Delete v${toDelete?.version ?? ""}`}
        pending={del.isPending}
        onCancel={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          const { version, state } = toDelete;
          del.mutate(version, {
            onSuccess: () => toast({ title: state === "uploading" ? `Upload of ${model} v${version} discarded` : `Deleted ${model} v${version}`, tone: "success" }),
            onSettled: () => setToDelete(null),
          });
        }}
      >
        {toDelete?.state === "uploading" ? (
          <p>The upload that reserved this version is aborted in S3 and the version disappears. Its number is never used again.</p>
        ) : (
          <p>
            Its artifact <span className="font-mono text-xs">{toDelete?.targetModel}</span> and its record are removed from S3; invocations of this target model fail
            from then on. The version number is never used again.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
