"use client";

import { useState } from "react";
import type { RuntimeLocation } from "@/lib/playground/runtime-location";
import { describeError } from "@/lib/errors/describe-error";
import { v2Request, type V2Request } from "@/lib/schemas/invoke";
import type { SignatureView } from "@/lib/schemas/model-views";
import { TensorTable } from "@/components/models/tensor-table";
import type { Invocation } from "@/components/playground/invoke-history";
import type { useInvokeMutation } from "@/components/playground/invoke-mutation";
import { buildV2Request, elementCount, fillValues, parseShape, type InputField } from "@/lib/playground/request-builder";
import { RequestAsCode } from "@/components/playground/request-as-code";
import type { InvokeTarget } from "@/components/playground/use-invoke-target";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";

/**
 * The request being written: the form's fields or the raw JSON, and the last problem found in it.
 * It lives above the form because the history's "reuse request" writes into it too.
 */
export function useRequestDraft(targetKey: string, exampleFields: InputField[]) {
  // The form belongs to one signature: edits, the raw JSON and the last problem found are kept
  // under its key, so a new target starts afresh and shows no problem of another's.
  const [edited, setEdited] = useState<{ key: string; fields: InputField[] } | null>(null);
  const fields = edited?.key === targetKey ? edited.fields : exampleFields;
  const [rawState, setRawState] = useState<{ key: string; text: string } | null>(null);
  const raw = rawState?.key === targetKey ? rawState.text : null;
  /** Raw JSON for a target: this one, or (the history's "reuse") the one about to be chosen. */
  const setRawFor = (key: string, text: string | null) => setRawState(text === null ? null : { key, text });
  const setRaw = (text: string | null) => setRawFor(targetKey, text);
  const [errorState, setErrorState] = useState<({ key: string } & DraftProblem) | null>(null);
  const error = errorState?.key === targetKey ? errorState : null;
  const setError = (e: DraftProblem | null) => setErrorState(e && { key: targetKey, ...e });

  const setField = (i: number, patch: Partial<InputField>) => setEdited({ key: targetKey, fields: fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });

  /** The request as it stands, or the first problem in it; shows nothing (the code snippets read it on every render). */
  function peekRequest(): { request: V2Request } | DraftProblem {
    if (raw !== null) {
      try {
        return { request: v2Request.parse(JSON.parse(raw)) };
      } catch (e) {
        // A sentence ("inputs[0].shape[1] must be a whole number."), never zod's issue array as text.
        return { error: `The raw request is not a valid v2 request: ${describeError(e).sentence}` };
      }
    }
    return buildV2Request(fields);
  }

  /** The request to send, or undefined with the problem shown instead. */
  function toRequest(): V2Request | undefined {
    const built = peekRequest();
    if ("error" in built) {
      setError(built);
      return undefined;
    }
    setError(null);
    return built.request;
  }

  return { fields, raw, error, setField, setRaw, setRawFor, peekRequest, toRequest };
}

export type RequestDraft = ReturnType<typeof useRequestDraft>;

/** What is wrong with the draft, and where: a field's shape or values, or (no field) the raw JSON. */
type DraftProblem = { field?: string; on?: "shape" | "values"; error: string };

/** The Request card: the draft as a form (or raw JSON), Invoke and "Run on both", the signature it follows, and the request as code. */
export function RequestForm({
  target,
  signature,
  draft,
  run,
  onInvoked,
  runtime,
}: {
  target: InvokeTarget;
  signature: SignatureView;
  draft: RequestDraft;
  run: ReturnType<typeof useInvokeMutation>;
  onInvoked: (invocation: Invocation) => void;
  runtime: RuntimeLocation;
}) {
  const { fields, raw, error, setField, setRaw } = draft;
  const [codeOpen, setCodeOpen] = useState(false);

  function send(withCompare: boolean) {
    // At most one problem on screen: the last invocation's error goes before this one is checked.
    run.reset();
    const request = draft.toRequest();
    if (!request) return;
    // The target as chosen now: compareRef is "" unless it is a valid, different version.
    const { endpoint, model } = target;
    const refs = withCompare && target.compareRef ? [target.ref, target.compareRef] : [target.ref];
    run.mutate({ endpoint, model, refs, request }, { onSuccess: (results) => onInvoked({ endpoint, model, refs, request, results }) });
  }

  return (
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
          {fields.map((f, i) => {
            const shape = parseShape(f);
            // Filling needs a shape that can be sent; until then the buttons wait.
            const fill = (kind: "random" | "example") => "shape" in shape && setField(i, { text: fillValues(f.datatype, elementCount(shape.shape), kind) });
            return (
              <div key={f.name} className="flex flex-col gap-1.5" data-testid={`pg-input-${f.name}`}>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-mono font-medium">{f.name}</span>
                  <span className="font-mono text-xs text-slate-500">{f.datatype}</span>
                  <label className="flex items-center gap-1 text-xs text-slate-600">
                    shape
                    <input
                      className="w-32 rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs aria-[invalid=true]:border-red-500"
                      value={f.shapeText}
                      onChange={(e) => setField(i, { shapeText: e.target.value })}
                      aria-label={`${f.name} shape`}
                      aria-invalid={error?.field === f.name && error.on === "shape"}
                      title={`The model takes [${f.allowed.join(", ")}] (-1: any size)`}
                    />
                  </label>
                  <button type="button" className="text-xs underline disabled:text-slate-400 disabled:no-underline" disabled={!("shape" in shape)} onClick={() => fill("random")}>
                    random
                  </button>
                  <button type="button" className="text-xs underline disabled:text-slate-400 disabled:no-underline" disabled={!("shape" in shape)} onClick={() => fill("example")}>
                    example
                  </button>
                </div>
                <textarea
                  className={`${inputClass} font-mono text-xs`}
                  rows={2}
                  value={f.text}
                  onChange={(e) => setField(i, { text: e.target.value })}
                  aria-label={`${f.name} values`}
                  aria-invalid={error?.field === f.name && error.on === "values"}
                />
              </div>
            );
          })}
        </div>
      ) : (
        <textarea className={`${inputClass} font-mono text-xs`} rows={12} value={raw} onChange={(e) => setRaw(e.target.value)} aria-label="Raw v2 request" data-testid="pg-raw" />
      )}
      {error && (
        <p className="mt-3 text-sm text-red-700" role="alert" data-testid="pg-form-error">
          {error.error}
        </p>
      )}
      <div className="mt-4 flex gap-2">
        <Button onClick={() => send(false)} disabled={run.isPending || !target.ref} data-testid="pg-send">
          {run.isPending ? "Invoking…" : "Invoke"}
        </Button>
        <Button variant="secondary" onClick={() => send(true)} disabled={run.isPending || !target.ref || !target.compareRef} data-testid="pg-compare">
          Run on both
        </Button>
      </div>
      <details className="mt-4 text-sm">
        <summary className="cursor-pointer text-slate-600">Signature</summary>
        <div className="mt-2">
          <TensorTable inputs={signature.inputs} outputs={signature.outputs} />
        </div>
      </details>
      <details className="mt-2 text-sm" onToggle={(e) => setCodeOpen(e.currentTarget.open)} data-testid="pg-as-code">
        <summary className="cursor-pointer text-slate-600">Request as code: curl, AWS CLI, boto3, JavaScript</summary>
        {/* Built only while open: the request may be megabytes, and this runs on every keystroke. */}
        {codeOpen && (
          <div className="mt-2">
            <RequestAsCode
            runtime={runtime}
            endpoint={target.endpoint}
            targetModel={target.targetModel}
            request={draft.peekRequest()}
            alias={target.ref.startsWith("a:") ? target.ref.slice(2) : undefined}
            version={target.version}
            />
          </div>
        )}
      </details>
    </Card>
  );
}

/** What "Edit raw JSON" starts from: the form's request, or an empty one while the form has a problem. */
function buildOrEmpty(fields: InputField[]): V2Request | { inputs: [] } {
  const built = buildV2Request(fields);
  return "request" in built ? built.request : { inputs: [] };
}
