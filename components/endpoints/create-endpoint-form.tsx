"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { describeInstanceType, findInstanceType, GPU_MME_INSTANCE_TYPES, INSTANCE_TYPES } from "@/lib/instance-types";
import { createEndpointInput, type CreateEndpointInput } from "@/lib/schemas/endpoint";
import { useCan } from "@/components/auth/session-user-context";
import { useCreateEndpointMutation } from "@/components/endpoints/endpoint-mutations";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { fieldProblem } from "@/lib/errors/issue-sentence";
import { Field, inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

const CPU_TYPES = INSTANCE_TYPES.filter((t) => t.gpus === 0);

export type CreateFormDefaults = { image: string; roleArn: string; modelDataPrefix: string; region: string };

export function CreateEndpointForm({ defaults }: { defaults: CreateFormDefaults }) {
  const router = useRouter();
  const create = useCreateEndpointMutation();
  const toast = useToast();
  const [form, setForm] = useState({
    name: "",
    instanceType: "ml.g5.xlarge",
    instanceCount: "1",
    modelDataUrl: defaults.modelDataPrefix,
    executionRoleArn: defaults.roleArn,
    image: defaults.image,
  });
  const [errors, setErrors] = useState<Partial<Record<keyof CreateEndpointInput, string>>>({});
  const chosen = findInstanceType(form.instanceType);
  const allowed = useCan("endpoints:write");
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // At most one problem on screen: what SageMaker said last time goes before this try is checked.
    create.reset();
    const parsed = createEndpointInput.safeParse({ ...form, name: form.name.trim(), instanceCount: Number(form.instanceCount) });
    if (!parsed.success) {
      const next: typeof errors = {};
      // In words under the field ("Must be a whole number."), not zod's stock text.
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof CreateEndpointInput] ??= fieldProblem(issue.message);
      setErrors(next);
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (r) => {
        toast({ title: `Endpoint ${r.name} created`, description: "SageMaker is creating it: its status turns InService when it can serve." });
        router.push(`/endpoints/${encodeURIComponent(r.name)}`);
      },
    });
  }

  if (!allowed) {
    return (
      <p className="text-sm text-slate-700" data-testid="create-forbidden">
        Only admins can create endpoints.
      </p>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-2xl flex-col gap-5" data-testid="create-endpoint-form">
      <Card title="Endpoint">
        <div className="flex flex-col gap-4">
          <Field label="Endpoint name" htmlFor="name" error={errors.name} hint="Also names its model. Letters, digits and hyphens, up to 63.">
            <input id="name" className={inputClass} value={form.name} onChange={set("name")} aria-invalid={!!errors.name} autoComplete="off" />
          </Field>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <div className="sm:col-span-2">
              <Field label="Instance type" htmlFor="instanceType" error={errors.instanceType} hint={chosen ? `${describeInstanceType(chosen)}. GPU multi-model endpoints run on single-GPU instances.` : undefined}>
                <select id="instanceType" className={inputClass} value={form.instanceType} onChange={set("instanceType")}>
                  <optgroup label="GPU (single GPU)">
                    {GPU_MME_INSTANCE_TYPES.map((t) => (
                      <option key={t.name} value={t.name}>
                        {t.name} — {describeInstanceType(t)}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="CPU">
                    {CPU_TYPES.map((t) => (
                      <option key={t.name} value={t.name}>
                        {t.name} — {describeInstanceType(t)}
                      </option>
                    ))}
                  </optgroup>
                </select>
              </Field>
            </div>
            <Field label="Instance count" htmlFor="instanceCount" error={errors.instanceCount} hint="Each instance has its own model cache.">
              <input id="instanceCount" type="number" min={1} max={100} className={inputClass} value={form.instanceCount} onChange={set("instanceCount")} aria-invalid={!!errors.instanceCount} />
            </Field>
          </div>
        </div>
      </Card>
      <Card title="Models">
        <div className="flex flex-col gap-4">
          <Field
            label="Model data prefix (S3)"
            htmlFor="modelDataUrl"
            error={errors.modelDataUrl}
            hint="Every .tar.gz under this prefix can be invoked as a target model, e.g. resnet/v3.tar.gz."
          >
            <input id="modelDataUrl" className={`${inputClass} font-mono`} value={form.modelDataUrl} onChange={set("modelDataUrl")} aria-invalid={!!errors.modelDataUrl} />
          </Field>
          <Field label="Execution role ARN" htmlFor="executionRoleArn" error={errors.executionRoleArn} hint="The role SageMaker assumes to read the models from S3.">
            <input id="executionRoleArn" className={`${inputClass} font-mono`} value={form.executionRoleArn} onChange={set("executionRoleArn")} aria-invalid={!!errors.executionRoleArn} />
          </Field>
          <Field label="Container image" htmlFor="image" error={errors.image} hint={`Defaults to SageMaker's NVIDIA Triton image for ${defaults.region}.`}>
            <input id="image" className={`${inputClass} font-mono`} value={form.image} onChange={set("image")} aria-invalid={!!errors.image} />
          </Field>
        </div>
      </Card>
      <ErrorBanner error={create.error} title="SageMaker refused to create the endpoint" action />
      <div className="flex gap-3">
        <Button type="submit" disabled={create.isPending} data-testid="create-endpoint-submit">
          {create.isPending ? "Creating…" : "Create endpoint"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.push("/endpoints")}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
