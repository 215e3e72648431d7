"use client";

import { useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import { formatMetric } from "@/lib/metrics/format-metric";
import type { CanaryView } from "@/lib/schemas/alias-release";
import type { VersionView } from "@/lib/schemas/model-views";
import { AliasChangeError } from "@/components/models/alias-changed-notice";
import { useDecideCanaryMutation } from "@/components/models/alias-release-mutations";
import { VerificationChip } from "@/components/models/verification-chip";
import { useReleaseMetricsQuery, versionTraffic, type VersionTraffic } from "@/components/models/version-traffic";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";

type CanaryPanelProps = {
  endpoint: string;
  model: string;
  alias: string;
  /** The alias's own version: what the rest of its requests go to. */
  stable: number;
  canary: CanaryView;
  versions: VersionView[];
  canDecide: boolean;
};

/**
 * A running canary: the alias's version and the canary's side by side over the last hour (asked
 * again every 10 s while the panel is open), and the two ways out: promote (the alias points at
 * the canary) or abort (it keeps its version). Both confirm first and send the canary seen, so a
 * decision taken in another browser meanwhile is reported, not overridden.
 */
export function CanaryPanel({ endpoint, model, alias, stable, canary, versions, canDecide }: CanaryPanelProps) {
  const metrics = useReleaseMetricsQuery(endpoint, model, true);
  const decide = useDecideCanaryMutation(endpoint, model);
  const [asking, setAsking] = useState<"promote" | "abort" | null>(null);
  const toast = useToast();
  const traffic = (v: number) => versionTraffic(metrics.data?.byVersion[String(v)]);
  const verification = (v: number) => versions.find((x) => x.version === v)?.verification;
  const run = (decision: "promote" | "abort") =>
    decide.mutate(
      { alias, decision, expectedCanary: canary.version },
      {
        onSuccess: () =>
          toast({
            title: decision === "promote" ? `Canary promoted: ${alias} → v${canary.version}` : `Canary aborted: ${alias} stays on v${stable}`,
            description: `${model}: ${decision === "promote" ? `v${stable} → v${canary.version}` : `v${canary.version} gets no more requests`}`,
            tone: "success",
          }),
        onSettled: () => setAsking(null),
      },
    );
  return (
    <Card title={`Canary on ${alias}`} className="min-w-0">
      <div className="flex flex-col gap-3" data-testid={`canary-panel-${alias}`}>
        <p className="text-xs text-slate-600" title={formatDateTime(canary.startedAt)}>
          Started by {canary.startedBy}, {formatRelative(canary.startedAt)}. Figures over the last hour, refreshed every 10 s.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <VersionColumn role="stable" version={stable} weight={100 - canary.weight} traffic={traffic(stable)} verification={verification(stable)} loading={metrics.isPending} />
          <VersionColumn role="canary" version={canary.version} weight={canary.weight} traffic={traffic(canary.version)} verification={verification(canary.version)} loading={metrics.isPending} />
        </div>
        {metrics.error ? <p className="text-xs text-red-700">The metrics could not be read; they are asked again in a moment.</p> : null}
        <AliasChangeError error={decide.error} alias={alias} title={`Could not decide the canary on ${alias}`} />
        {canDecide && (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => setAsking("promote")} disabled={decide.isPending} data-testid="canary-promote">
              Promote v{canary.version}
            </Button>
            <Button variant="secondary" onClick={() => setAsking("abort")} disabled={decide.isPending} data-testid="canary-abort">
              Abort
            </Button>
          </div>
        )}
      </div>
      <ConfirmDialog
        open={asking !== null}
        title={asking === "promote" ? `Promote v${canary.version} on ${alias}?` : `Abort the canary on ${alias}?`}
        confirmLabel={asking === "promote" ? `Promote v${canary.version}` : "Abort canary"}
        pending={decide.isPending}
        onCancel={() => setAsking(null)}
        onConfirm={() => asking && run(asking)}
      >
        {asking === "promote" ? (
          <p>
            {alias} will point at v{canary.version} and send it every request; v{stable} gets none. Roll back brings v{stable} back.
          </p>
        ) : (
          <p>
            {alias} sends every request to v{stable} again; v{canary.version} gets none.
          </p>
        )}
      </ConfirmDialog>
    </Card>
  );
}

function VersionColumn({ role, version, weight, traffic, verification, loading }: { role: "stable" | "canary"; version: number; weight: number; traffic?: VersionTraffic; verification: VersionView["verification"]; loading: boolean }) {
  const figure = (label: string, value: string, testId: string, hint?: string) => (
    <div className="flex justify-between gap-3" title={hint}>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium tabular-nums" data-testid={testId}>
        {loading ? "…" : value}
      </dd>
    </div>
  );
  const none = !traffic || traffic.invocations === 0;
  return (
    <section className="min-w-0 rounded-md border border-slate-200 px-3 py-2" aria-label={`${role === "stable" ? "Current" : "Canary"} version v${version}`} data-testid={`canary-${role}`}>
      <header className="mb-2 flex flex-wrap items-center gap-2">
        <span className="text-base font-semibold">v{version}</span>
        <span className="text-xs text-slate-500">{role === "stable" ? "current" : "canary"}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium tabular-nums" data-testid={`canary-${role}-weight`}>
          {weight} %
        </span>
        <VerificationChip verification={verification} compact />
      </header>
      <dl className="flex flex-col gap-1 text-sm">
        {figure("Invocations", formatMetric(traffic?.invocations ?? 0, "count"), `canary-${role}-invocations`)}
        {figure("Error rate", none ? "—" : formatMetric(traffic?.errorRate, "ratio"), `canary-${role}-error-rate`)}
        {figure("p50 latency", none ? "—" : formatMetric(traffic?.p50Us, "microseconds"), `canary-${role}-p50`, "The highest p50 of any period in the hour: an upper bound")}
        {figure("p99 latency", none ? "—" : formatMetric(traffic?.p99Us, "microseconds"), `canary-${role}-p99`)}
      </dl>
      {!loading && none && <p className="mt-1 text-xs text-slate-500">No traffic in the last hour.</p>}
    </section>
  );
}
