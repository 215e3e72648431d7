"use client";

import { useState } from "react";
import { scalableTargetInput, type ScalingView } from "@/lib/schemas/scaling";
import { useDeregisterTargetMutation, useRegisterTargetMutation } from "@/components/scaling/scaling-query";
import { parseNumberField } from "@/components/scaling/number-input";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Field, inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { fieldIssue } from "@/lib/errors/issue-sentence";

/** The variant as a scalable target: its min and max (register or change), and deregister. */
export function ScalableTargetCard({ view, canEdit }: { view: ScalingView; canEdit: boolean }) {
  const t = view.target;
  const now = view.currentInstanceCount;
  return (
    <Card title="Scalable target">
      <div className="flex flex-col gap-3" data-testid="scalable-target">
        {view.resourceId && <p className="-mt-1 font-mono text-xs break-all text-slate-500">{view.resourceId}</p>}
        {t ? (
          <p className="text-sm text-slate-700" data-testid="target-summary">
            Scales between <strong>{t.minCapacity}</strong> and <strong>{t.maxCapacity}</strong> instances; {now ?? "?"} in service now
            {view.desiredInstanceCount !== undefined && view.desiredInstanceCount !== now && `, ${view.desiredInstanceCount} desired`}.
            {t.suspended && " Some scaling is suspended on this target."}
          </p>
        ) : (
          <p className="text-sm text-slate-700" data-testid="target-summary">
            Not registered for automatic scaling: it runs {now ?? "?"} instance{now === 1 ? "" : "s"} until someone changes the count.
            {canEdit ? " Register it with a minimum and a maximum, then add a policy." : ""}
          </p>
        )}
        {canEdit ? <TargetForm key={t ? `${t.minCapacity}-${t.maxCapacity}` : "new"} view={view} /> : <p className="text-xs text-slate-500">Admins can change the scaling of this endpoint.</p>}
      </div>
    </Card>
  );
}

function TargetForm({ view }: { view: ScalingView }) {
  const t = view.target;
  const register = useRegisterTargetMutation(view.endpoint);
  const deregister = useDeregisterTargetMutation(view.endpoint);
  const toast = useToast();
  const [min, setMin] = useState(String(t?.minCapacity ?? 1));
  const [max, setMax] = useState(String(t?.maxCapacity ?? Math.max(2, view.currentInstanceCount ?? 1)));
  const [confirming, setConfirming] = useState(false);
  const parsed = scalableTargetInput.safeParse({ minCapacity: parseNumberField(min), maxCapacity: parseNumberField(max) });
  const issue = (field: string) => (parsed.success ? undefined : fieldIssue(parsed.error.issues, field));
  const unchanged = parsed.success && t && parsed.data.minCapacity === t.minCapacity && parsed.data.maxCapacity === t.maxCapacity;
  return (
    <>
      <form
        className="flex flex-wrap items-start gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!parsed.success) return;
          // The promise, not mutate's callbacks: the refetched target remounts this form before they would run.
          register
            .mutateAsync(parsed.data)
            .then(() => toast({ title: t ? "Scaling range changed" : "Registered for scaling", description: `${view.endpoint}: min ${parsed.data.minCapacity}, max ${parsed.data.maxCapacity}.` }))
            .catch(() => undefined);
        }}
      >
        <div className="w-28">
          <Field label="Minimum" htmlFor="target-min" error={issue("minCapacity")}>
            <input id="target-min" type="number" min={1} className={inputClass} value={min} onChange={(e) => setMin(e.target.value)} aria-invalid={Boolean(issue("minCapacity"))} data-testid="target-min" />
          </Field>
        </div>
        <div className="w-28">
          <Field label="Maximum" htmlFor="target-max" error={issue("maxCapacity")}>
            <input id="target-max" type="number" min={1} className={inputClass} value={max} onChange={(e) => setMax(e.target.value)} aria-invalid={Boolean(issue("maxCapacity"))} data-testid="target-max" />
          </Field>
        </div>
        <div className="flex gap-2 pt-7">
          <Button type="submit" disabled={!parsed.success || unchanged || register.isPending} data-testid="target-save">
            {register.isPending ? "Saving…" : t ? "Save range" : "Register"}
          </Button>
          {t && (
            <Button type="button" variant="secondary" onClick={() => setConfirming(true)} data-testid="target-deregister">
              Deregister…
            </Button>
          )}
        </div>
      </form>
      <ErrorBanner error={register.error} title="Could not register the scalable target" action />
      <ErrorBanner error={deregister.error} title="Could not deregister the scalable target" action />
      <ConfirmDialog
        open={confirming}
        title="Stop scaling this endpoint?"
        confirmLabel="Deregister"
        pending={deregister.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          deregister
            .mutateAsync(undefined)
            .then(() => toast({ title: "Deregistered from scaling", description: `${view.endpoint} keeps its ${view.currentInstanceCount ?? ""} instances; its policies and scheduled actions are gone.` }))
            .catch(() => undefined)
            .finally(() => setConfirming(false))
        }
      >
        Application Auto Scaling deletes this target&apos;s policies and scheduled actions with it. The endpoint keeps the instances it runs now.
      </ConfirmDialog>
    </>
  );
}
