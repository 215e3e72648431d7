"use client";

import { SectionHeader } from "@/components/metrics/section-header";
import { AutoRefreshToggle } from "@/components/metrics/auto-refresh-toggle";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { useCan } from "@/components/auth/session-user-context";
import { InstanceCountChart } from "@/components/scaling/instance-count-chart";
import { ScalableTargetCard } from "@/components/scaling/scalable-target-card";
import { ScalingActivities } from "@/components/scaling/scaling-activities";
import { ScalingPolicies } from "@/components/scaling/scaling-policies";
import { ScheduledActions } from "@/components/scaling/scheduled-actions";
import { useScalingMetricsQuery, useScalingQuery } from "@/components/scaling/scaling-query";
import { ErrorBanner } from "@/components/ui/error-banner";

/** The Scaling tab: Application Auto Scaling for the endpoint's variant, and what a scale-out costs a multi-model endpoint. */
export function ScalingView({ endpoint }: { endpoint: string }) {
  const canEdit = useCan("endpoints:write");
  const { range, refresh } = useTimeRange();
  const q = useScalingQuery(endpoint);
  const m = useScalingMetricsQuery(endpoint, range, refresh);
  const view = q.data;
  return (
    <div className="flex flex-col gap-5">
      <SectionHeader
        title="Scaling"
        titleTestId="scaling-title"
        description="Application Auto Scaling for this endpoint's variant: its range, target-tracking policies, scheduled actions, and what it did."
        actions={<AutoRefreshToggle fetching={q.isFetching || m.isFetching} />}
      />
      <ErrorBanner error={q.error} title={view ? "Could not refresh the scaling state" : "Could not read the scaling state"} />
      {q.isPending && <p className="text-sm text-slate-600">Loading…</p>}
      {view && (
        <>
          <ScalableTargetCard view={view} canEdit={canEdit} />
          <ScalingPolicies view={view} insights={m.data?.insights} canEdit={canEdit} />
          <ScheduledActions view={view} canEdit={canEdit} />
          <ErrorBanner error={m.error} title="Could not read the endpoint's metrics" />
          <InstanceCountChart history={m.data?.history} activities={view.activities} desiredNow={view.desiredInstanceCount ?? view.currentInstanceCount ?? 1} fetching={m.isFetching} />
          <ScalingActivities activities={view.activities} error={view.activitiesError} />
        </>
      )}
    </div>
  );
}
