"use client";

import { useState } from "react";
import { useUpdateInstanceCountMutation } from "@/components/endpoints/endpoint-mutations";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** Changes the instance count; SageMaker accepts it only while the endpoint is InService. */
export function InstanceCountEditor({ name, current, canEdit }: { name: string; current: number; canEdit: boolean }) {
  const update = useUpdateInstanceCountMutation(name);
  const toast = useToast();
  const [value, setValue] = useState(String(current));
  const count = Number(value);
  const valid = Number.isInteger(count) && count >= 1 && count <= 100;
  return (
    <div className="flex flex-col gap-2">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) {
            update.mutate(count, {
              onSuccess: () => toast({ title: `Endpoint ${name} updated`, description: `Moving to ${count} instance${count === 1 ? "" : "s"}; it is back InService once SageMaker is done.` }),
            });
          }
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Instance count</span>
          <input
            type="number"
            min={1}
            max={100}
            className={`${inputClass} w-28`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            disabled={!canEdit}
            data-testid="instance-count-input"
            aria-invalid={!valid}
          />
        </label>
        <Button type="submit" variant="secondary" disabled={!canEdit || !valid || count === current || update.isPending} data-testid="instance-count-save">
          {update.isPending ? "Updating…" : "Update"}
        </Button>
      </form>
      {!valid && <p className="text-xs text-red-600">Between 1 and 100 instances.</p>}
      {!canEdit && <p className="text-xs text-slate-500">Admins can change the instance count while the endpoint is InService.</p>}
      <ErrorBanner error={update.error} title="Could not update the instance count" action />
    </div>
  );
}
