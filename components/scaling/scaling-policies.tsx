"use client";

import { useState } from "react";
import type { ScalingInsightsView, ScalingPolicyView, ScalingView } from "@/lib/schemas/scaling";
import { ColdStartNote } from "@/components/scaling/cold-start-note";
import { PolicyEditor } from "@/components/scaling/policy-editor";
import { useDeletePolicyMutation } from "@/components/scaling/scaling-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { useToast } from "@/components/ui/toast";

const cooldown = (s?: number) => (s === undefined ? "default" : `${s} s`);

/** The variant's policies, the editor (admins, once the variant is a scalable target) and, beside them, what a scale-out costs. */
export function ScalingPolicies({ view, insights, canEdit }: { view: ScalingView; insights?: ScalingInsightsView; canEdit: boolean }) {
  const [editing, setEditing] = useState<ScalingPolicyView | "new" | undefined>();
  const remove = useDeletePolicyMutation(view.endpoint);
  const toast = useToast();
  const registered = Boolean(view.target);
  return (
    <Card
      title="Scaling policies"
      actions={
        canEdit &&
        registered &&
        editing === undefined && (
          <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setEditing("new")} data-testid="policy-add">
            Add policy
          </Button>
        )
      }
    >
      <div className="flex flex-col gap-4">
        {view.policies.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="no-policies">
            {registered ? "No policy: the instance count changes only by hand or by a scheduled action." : "Register the scalable target first: policies belong to it."}
          </p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-100" data-testid="policies">
            {view.policies.map((p) => (
              <li key={p.name} className="flex flex-wrap items-start justify-between gap-2 py-2" data-testid="policy-row">
                <div className="min-w-0 text-sm">
                  <p className="font-medium break-all">{p.name}</p>
                  <p className="text-slate-700">
                    {p.type === "TargetTrackingScaling" ? `${p.metric} at ${p.targetValue}` : `${p.type}: ${p.metric}`} · scale-out cooldown {cooldown(p.scaleOutCooldown)} · scale-in cooldown{" "}
                    {cooldown(p.scaleInCooldown)} · scale-in {p.disableScaleIn ? "off" : "on"}
                  </p>
                  {p.alarms.length > 0 && <p className="text-xs text-slate-500 break-all">Alarms: {p.alarms.join(", ")}</p>}
                </div>
                {canEdit && (
                  <div className="flex gap-2">
                    {p.preset && (
                      <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setEditing(p)} aria-label={`Edit policy ${p.name}`}>
                        Edit
                      </Button>
                    )}
                    <Button
                      variant="secondary"
                      className="px-2.5 py-1 text-xs"
                      disabled={remove.isPending}
                      aria-label={`Delete policy ${p.name}`}
                      data-testid="policy-delete"
                      onClick={() => remove.mutate(p.name, { onSuccess: () => toast({ title: "Policy deleted", description: `${p.name} no longer scales ${view.endpoint}.` }) })}
                    >
                      Delete
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <ErrorBanner error={remove.error} title="Could not delete the policy" action />
        {canEdit && editing !== undefined && (
          <PolicyEditor key={editing === "new" ? "new" : editing.name} endpoint={view.endpoint} editing={editing === "new" ? undefined : editing} insights={insights} onDone={() => setEditing(undefined)} />
        )}
        <ColdStartNote insights={insights} />
      </div>
    </Card>
  );
}
