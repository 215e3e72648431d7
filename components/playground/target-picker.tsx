"use client";

import { isTransitional } from "@/lib/schemas/endpoint";
import type { InvokeTarget } from "@/components/playground/use-invoke-target";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

/** The Target card: one select per choice of useInvokeTarget, and why there is nothing to pick. */
export function TargetPicker({ target }: { target: InvokeTarget }) {
  return (
    <Card title="Target">
      <div className="grid gap-4 md:grid-cols-4">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Endpoint</span>
          <select className={inputClass} value={target.endpoint} onChange={(e) => target.pickEndpoint(e.target.value)} data-testid="pg-endpoint">
            {target.endpointOptions.map((e) => (
              <option key={e.name} value={e.name} disabled={isTransitional(e.status)}>
                {e.name} ({e.status})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Model</span>
          <select className={inputClass} value={target.model} onChange={(e) => target.pickModel(e.target.value)} data-testid="pg-model">
            {target.modelOptions.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Version or alias</span>
          <select className={inputClass} value={target.ref} onChange={(e) => target.pickRef(e.target.value)} data-testid="pg-ref">
            {target.refs.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Compare with</span>
          <select className={inputClass} value={target.compareRef} onChange={(e) => target.pickCompareRef(e.target.value)} data-testid="pg-compare-ref">
            <option value="">—</option>
            {target.refs
              .filter((r) => r.value !== target.ref)
              .map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
          </select>
        </label>
      </div>
      {target.noModels && <p className="mt-3 text-sm text-slate-500">This endpoint has no models yet: upload one on its Models page.</p>}
      <ErrorBanner error={target.error} title="Could not load the target" />
    </Card>
  );
}
