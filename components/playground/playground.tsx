"use client";

import { useMemo, useState } from "react";
import { isTransitional } from "@/lib/schemas/endpoint";
import { v2Request, type InvokeResultView, type V2Request } from "@/lib/schemas/invoke";
import type { ModelDetailView } from "@/lib/schemas/model-views";
import { useEndpointsQuery } from "@/components/endpoints/endpoints-query";
import { useModelQuery, useModelsQuery } from "@/components/models/models-query";
import { TensorTable } from "@/components/models/tensor-table";
import { CompareSummary } from "@/components/playground/compare-outputs";
import { useInvokeMutation, type ModelRef } from "@/components/playground/invoke-mutation";
import { InvokeResult } from "@/components/playground/outputs-table";
import { buildV2Request, elementCount, fillValues, initialFields, type InputField } from "@/components/playground/request-builder";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

type HistoryEntry = { at: string; refs: ModelRef[]; request: V2Request; results: InvokeResultView[] };
const HISTORY = 10;

/** Refs a model offers: its aliases first (what production traffic uses), then every ready version. */
function refsOf(model: ModelDetailView | undefined): { value: ModelRef; label: string; version: number }[] {
  if (!model) return [];
  const aliases = Object.entries(model.aliases).map(([a, v]) => ({ value: `a:${a}`, label: `${a} (v${v})`, version: v }));
  const versions = model.versions.filter((v) => v.state === "ready").map((v) => ({ value: `v:${v.version}`, label: `v${v.version}`, version: v.version }));
  return [...aliases, ...versions];
}

export function Playground({ initialEndpoint }: { initialEndpoint?: string }) {
  const endpoints = useEndpointsQuery();
  // Choices fall back to sensible defaults (the first InService endpoint, its first model, the
  // model's first alias or version) until the user picks; nothing is copied into state by effects.
  const [pickedEndpoint, setEndpoint] = useState(initialEndpoint ?? "");
  const endpoint = pickedEndpoint || (endpoints.data?.find((e) => e.status === "InService")?.name ?? endpoints.data?.[0]?.name ?? "");
  const models = useModelsQuery(endpoint, "");
  const [pickedModel, setModel] = useState("");
  const model = pickedModel || (models.data?.pages[0]?.models[0]?.name ?? "");
  const detail = useModelQuery(endpoint || "-", model || "-");
  const modelDetail = endpoint && model ? detail.data : undefined;
  const refs = useMemo(() => refsOf(modelDetail), [modelDetail]);
  const [pickedRef, setRef] = useState<ModelRef>("");
  const ref = refs.some((r) => r.value === pickedRef) ? pickedRef : (refs[0]?.value ?? "");
  const [compareRef, setCompareRef] = useState<ModelRef>("");
  const chosen = refs.find((r) => r.value === ref);
  const signature = modelDetail?.versions.find((v) => v.version === chosen?.version)?.signature;

  // The form belongs to one signature: edits are kept under its key, and a new target starts afresh.
  const formKey = `${endpoint}/${model}/${chosen?.version ?? ""}`;
  const [edited, setEdited] = useState<{ key: string; fields: InputField[] } | null>(null);
  const fields = edited?.key === formKey ? edited.fields : signature ? initialFields(signature) : [];
  const [rawState, setRawState] = useState<{ key: string; text: string } | null>(null);
  const raw = rawState?.key === formKey ? rawState.text : null;
  const setRaw = (text: string | null) => setRawState(text === null ? null : { key: formKey, text });
  const [formError, setFormError] = useState<{ field?: string; error: string } | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const run = useInvokeMutation(endpoint, model);

  function currentRequest(): V2Request | undefined {
    if (raw !== null) {
      try {
        return v2Request.parse(JSON.parse(raw));
      } catch (e) {
        setFormError({ error: `The raw request is not a valid v2 request: ${e instanceof Error ? e.message.slice(0, 300) : e}` });
        return undefined;
      }
    }
    const built = buildV2Request(fields);
    if ("error" in built) {
      setFormError(built);
      return undefined;
    }
    return built.request;
  }

  function send(withCompare: boolean) {
    setFormError(null);
    const request = currentRequest();
    if (!request) return;
    const refsToRun = withCompare && compareRef ? [ref, compareRef] : [ref];
    run.mutate(
      { refs: refsToRun, request },
      { onSuccess: (results) => setHistory((h) => [{ at: new Date().toISOString(), refs: refsToRun, request, results }, ...h].slice(0, HISTORY)) },
    );
  }

  const setField = (i: number, patch: Partial<InputField>) => setEdited({ key: formKey, fields: fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const results = run.data;

  return (
    <div className="flex flex-col gap-5">
      <Card title="Target">
        <div className="grid gap-4 md:grid-cols-4">
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Endpoint</span>
            <select className={inputClass} value={endpoint} onChange={(e) => (setEndpoint(e.target.value), setModel(""), setRef(""))} data-testid="pg-endpoint">
              {(endpoints.data ?? []).map((e) => (
                <option key={e.name} value={e.name} disabled={isTransitional(e.status)}>
                  {e.name} ({e.status})
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Model</span>
            <select className={inputClass} value={model} onChange={(e) => (setModel(e.target.value), setRef(""))} data-testid="pg-model">
              {(models.data?.pages.flatMap((p) => p.models) ?? []).map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Version or alias</span>
            <select className={inputClass} value={ref} onChange={(e) => setRef(e.target.value)} data-testid="pg-ref">
              {refs.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Compare with</span>
            <select className={inputClass} value={compareRef} onChange={(e) => setCompareRef(e.target.value)} data-testid="pg-compare-ref">
              <option value="">—</option>
              {refs
                .filter((r) => r.value !== ref)
                .map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
            </select>
          </label>
        </div>
        {endpoint && models.data && !model && <p className="mt-3 text-sm text-slate-500">This endpoint has no models yet: upload one on its Models page.</p>}
        <ErrorBanner error={endpoints.error ?? models.error ?? (endpoint && model ? detail.error : null)} title="Could not load the target" />
      </Card>

      {signature && (
        <Card
          title="Request"
          actions={
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setRaw(raw === null ? JSON.stringify(buildOrEmpty(fields), null, 2) : null)} data-testid="pg-toggle-raw">
                {raw === null ? "Edit raw JSON" : "Back to the form"}
              </Button>
            </div>
          }
        >
          {raw === null ? (
            <div className="flex flex-col gap-4">
              {fields.map((f, i) => (
                <div key={f.name} className="flex flex-col gap-1.5" data-testid={`pg-input-${f.name}`}>
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-mono font-medium">{f.name}</span>
                    <span className="font-mono text-xs text-slate-500">{f.datatype}</span>
                    <label className="flex items-center gap-1 text-xs text-slate-600">
                      shape
                      <input
                        className="w-32 rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs"
                        value={f.shape.join(",")}
                        onChange={(e) => setField(i, { shape: e.target.value.split(",").map((s) => Math.max(0, Math.floor(Number(s.trim()) || 0))) })}
                        aria-label={`${f.name} shape`}
                      />
                    </label>
                    <button type="button" className="text-xs underline" onClick={() => setField(i, { text: fillValues(f.datatype, elementCount(f.shape), "random") })}>
                      random
                    </button>
                    <button type="button" className="text-xs underline" onClick={() => setField(i, { text: fillValues(f.datatype, elementCount(f.shape), "example") })}>
                      example
                    </button>
                  </div>
                  <textarea
                    className={`${inputClass} font-mono text-xs`}
                    rows={2}
                    value={f.text}
                    onChange={(e) => setField(i, { text: e.target.value })}
                    aria-label={`${f.name} values`}
                    aria-invalid={formError?.field === f.name}
                  />
                </div>
              ))}
            </div>
          ) : (
            <textarea className={`${inputClass} font-mono text-xs`} rows={12} value={raw} onChange={(e) => setRaw(e.target.value)} aria-label="Raw v2 request" data-testid="pg-raw" />
          )}
          {formError && (
            <p className="mt-3 text-sm text-red-700" role="alert" data-testid="pg-form-error">
              {formError.error}
            </p>
          )}
          <div className="mt-4 flex gap-2">
            <Button onClick={() => send(false)} disabled={run.isPending || !ref} data-testid="pg-send">
              {run.isPending ? "Invoking…" : "Invoke"}
            </Button>
            <Button variant="secondary" onClick={() => send(true)} disabled={run.isPending || !ref || !compareRef} data-testid="pg-compare">
              Run on both
            </Button>
          </div>
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer text-slate-600">Signature</summary>
            <div className="mt-2">
              <TensorTable inputs={signature.inputs} outputs={signature.outputs} />
            </div>
          </details>
        </Card>
      )}

      <ErrorBanner error={run.error} title="The invocation failed" />
      {results && (
        <Card title={results.length > 1 ? "Side by side" : "Response"}>
          <div className={`grid gap-5 ${results.length > 1 ? "lg:grid-cols-2" : ""}`}>
            {results.map((r, i) => (
              <InvokeResult key={i} result={r} testId={`pg-result-${i}`} />
            ))}
          </div>
          {results.length > 1 && (
            <div className="mt-4 border-t border-slate-100 pt-3">
              <p className="mb-1 text-sm font-medium">Difference</p>
              <CompareSummary a={results[0]!} b={results[1]!} />
            </div>
          )}
        </Card>
      )}

      {history.length > 0 && (
        <Card title="History">
          <ol className="flex flex-col gap-1 text-sm" data-testid="pg-history">
            {history.map((h, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2">
                <span className="text-xs text-slate-500">{new Date(h.at).toLocaleTimeString()}</span>
                <span>{h.results.map((r) => `v${r.version} ${r.roundTripMs.toFixed(1)} ms${r.coldLoad ? " (cold)" : ""}`).join(" · ")}</span>
                <button type="button" className="text-xs underline" onClick={() => setRaw(JSON.stringify(h.request, null, 2))}>
                  reuse request
                </button>
              </li>
            ))}
          </ol>
        </Card>
      )}
    </div>
  );
}

function buildOrEmpty(fields: InputField[]): V2Request | { inputs: [] } {
  const built = buildV2Request(fields);
  return "request" in built ? built.request : { inputs: [] };
}
