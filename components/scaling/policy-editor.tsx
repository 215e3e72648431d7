"use client";

import { useState } from "react";
import { POLICY_PRESETS, PRESET_INFO, type PolicyPreset } from "@/lib/scaling/policy-presets";
import { scalingPolicyInput, type ScalingInsightsView, type ScalingPolicyView } from "@/lib/schemas/scaling";
import { InvocationsSizing } from "@/components/scaling/invocations-sizing";
import { parseNumberField } from "@/components/scaling/number-input";
import { usePutPolicyMutation } from "@/components/scaling/scaling-query";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Field, inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { fieldIssue } from "@/lib/errors/issue-sentence";

const DEFAULT_TARGET: Record<PolicyPreset, string> = { invocations: "", gpu: "70", cpu: "70" };

const PRESET_HINT: Record<PolicyPreset, string> = {
  invocations: "AWS's recommendation for multi-model endpoints: the predefined SageMakerVariantInvocationsPerInstance, requests per minute per instance.",
  gpu: "A customized metric: the average GPUUtilization of the variant's instances in /aws/sagemaker/Endpoints (EndpointName, VariantName); 100 % per GPU.",
  cpu: "A customized metric: the average CPUUtilization in /aws/sagemaker/Endpoints (EndpointName, VariantName); 100 % per core, so a 4-vCPU instance reads up to 400 %.",
};

/** Creates or replaces a target-tracking policy from a preset: metric, target, cooldowns, scale-in on or off. */
export function PolicyEditor({ endpoint, editing, insights, onDone }: { endpoint: string; editing?: ScalingPolicyView; insights?: ScalingInsightsView; onDone: () => void }) {
  const put = usePutPolicyMutation(endpoint);
  const toast = useToast();
  const [preset, setPreset] = useState<PolicyPreset>(editing?.preset ?? "invocations");
  const [name, setName] = useState(editing?.name ?? PRESET_INFO.invocations.short);
  const [target, setTarget] = useState(editing?.targetValue !== undefined ? String(editing.targetValue) : DEFAULT_TARGET.invocations);
  const [scaleOut, setScaleOut] = useState(editing?.scaleOutCooldown !== undefined ? String(editing.scaleOutCooldown) : "");
  const [scaleIn, setScaleIn] = useState(editing?.scaleInCooldown !== undefined ? String(editing.scaleInCooldown) : "");
  const [disableScaleIn, setDisableScaleIn] = useState(editing?.disableScaleIn ?? false);
  const [tried, setTried] = useState(false);
  const parsed = scalingPolicyInput.safeParse({
    name: name.trim(),
    preset,
    targetValue: parseNumberField(target),
    scaleOutCooldown: parseNumberField(scaleOut),
    scaleInCooldown: parseNumberField(scaleIn),
    disableScaleIn,
  });
  const issue = (field: string) => (tried && !parsed.success ? fieldIssue(parsed.error.issues, field) : undefined);

  const choose = (p: PolicyPreset) => {
    // A name still at the previous preset's default follows the preset; one typed by hand stays.
    if (!editing && name === PRESET_INFO[preset].short) setName(PRESET_INFO[p].short);
    if (target === DEFAULT_TARGET[preset]) setTarget(DEFAULT_TARGET[p]);
    setPreset(p);
  };

  return (
    <form
      className="flex flex-col gap-4"
      data-testid="policy-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!parsed.success) return;
        put.mutate(parsed.data, {
          onSuccess: () => {
            toast({ title: editing ? "Policy updated" : "Policy saved", description: `${parsed.data.name}: ${PRESET_INFO[preset].label} at ${parsed.data.targetValue}.` });
            onDone();
          },
        });
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Metric</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {POLICY_PRESETS.map((p) => (
            <label key={p} className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${preset === p ? "border-slate-800 bg-slate-50" : "border-slate-200"}`}>
              <input type="radio" name="policy-preset" value={p} checked={preset === p} onChange={() => choose(p)} data-testid={`preset-${p}`} />
              {PRESET_INFO[p].label}
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-600">{PRESET_HINT[preset]}</p>
      </fieldset>
      {preset === "invocations" && <InvocationsSizing peakPerMinute={insights?.peakInvocationsPerMinute} peakHours={insights?.peakHours ?? 24} onUse={(v) => setTarget(String(v))} canEdit />}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Policy name" htmlFor="policy-name" error={issue("name")} hint={editing ? "Saving replaces this policy." : "A policy of the same name is replaced."}>
          <input id="policy-name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} readOnly={Boolean(editing)} aria-invalid={Boolean(issue("name"))} data-testid="policy-name" />
        </Field>
        <Field label="Target value" htmlFor="policy-target" error={issue("targetValue")} hint={PRESET_INFO[preset].unit}>
          <input id="policy-target" type="number" step="any" min={0} className={inputClass} value={target} onChange={(e) => setTarget(e.target.value)} aria-invalid={Boolean(issue("targetValue"))} data-testid="policy-target" />
        </Field>
        <Field label="Scale-out cooldown (s)" htmlFor="policy-scale-out" error={issue("scaleOutCooldown")} hint="Empty: AWS's default, 300 s.">
          <input id="policy-scale-out" type="number" min={0} className={inputClass} value={scaleOut} onChange={(e) => setScaleOut(e.target.value)} data-testid="policy-scale-out" />
        </Field>
        <Field label="Scale-in cooldown (s)" htmlFor="policy-scale-in" error={issue("scaleInCooldown")} hint="Empty: AWS's default, 300 s.">
          <input id="policy-scale-in" type="number" min={0} className={inputClass} value={scaleIn} onChange={(e) => setScaleIn(e.target.value)} data-testid="policy-scale-in" />
        </Field>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5" checked={disableScaleIn} onChange={(e) => setDisableScaleIn(e.target.checked)} data-testid="policy-disable-scale-in" />
        <span>
          <span className="font-medium">Never scale in</span>
          <span className="block text-xs text-slate-600">Only add instances; removing them is left to you or a scheduled action. On a multi-model endpoint this keeps warm caches.</span>
        </span>
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={put.isPending || (tried && !parsed.success)} data-testid="policy-save">
          {put.isPending ? "Saving…" : editing ? "Save policy" : "Add policy"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
      <ErrorBanner error={put.error} title="Could not save the policy" action />
    </form>
  );
}
