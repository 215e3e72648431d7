"use client";

import type { InvokeTarget } from "@/components/playground/use-invoke-target";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

/** The Target card: one select per choice of useInvokeTarget, and why something is not offered. */
export function TargetPicker({ target }: { target: InvokeTarget }) {
  return (
    <Card title="Target">
      <div className="grid gap-4 md:grid-cols-4">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Endpoint</span>
          <select className={inputClass} value={target.endpoint} onChange={(e) => target.pickEndpoint(e.target.value)} data-testid="pg-endpoint">
            {target.endpointOptions.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Model</span>
          <select className={inputClass} value={target.model} onChange={(e) => target.pickModel(e.target.value)} data-testid="pg-model">
            {target.modelOptions.map((m) => (
              <option key={m} value={m}>
                {m}
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
          <select
            className={inputClass}
            value={target.compareRef}
            onChange={(e) => target.pickCompareRef(e.target.value)}
            disabled={target.compareOptions.length === 0}
            title={target.refs.length > 0 && target.compareOptions.length === 0 ? "This model has no other ready version" : undefined}
            data-testid="pg-compare-ref"
          >
            <option value="">—</option>
            {target.compareOptions.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <TargetNotices target={target} />
      <ErrorBanner error={target.error} title="Could not load the target" />
    </Card>
  );
}

/** How many endpoints left out are named; a long list of failed ones would bury the form. */
const NAMED = 5;

/** Why the choice is narrower than expected: endpoints that take no invocations, a URL's target that is not there. */
function TargetNotices({ target }: { target: InvokeTarget }) {
  const { endpointNotice, refNotice, notServing, endpointOptions } = target;
  return (
    <div className="mt-3 flex flex-col gap-1 text-sm text-slate-600 empty:hidden">
      {endpointNotice && (
        <p className="text-amber-800" role="status" data-testid="pg-endpoint-notice">
          {endpointNotice}
        </p>
      )}
      {refNotice && (
        <p className="text-amber-800" role="status" data-testid="pg-ref-notice">
          {refNotice}
        </p>
      )}
      {notServing.length > 0 && (
        <p data-testid="pg-not-serving">
          {endpointOptions.length === 0 ? "No endpoint is InService yet. " : ""}
          Not offered, as only InService endpoints take invocations:{" "}
          {notServing.slice(0, NAMED).map((e, i) => (
            <span key={e.name}>
              {i > 0 && ", "}
              <span className="font-mono">{e.name}</span> ({e.status})
            </span>
          ))}
          {notServing.length > NAMED ? ` and ${notServing.length - NAMED} more` : ""}.
        </p>
      )}
      {target.noModels && <p>This endpoint has no models yet: upload one on its Models page.</p>}
    </div>
  );
}
