"use client";

import type { RuntimeLocation } from "@/lib/playground/runtime-location";
import { InvokeHistory, useInvokeHistory } from "@/components/playground/invoke-history";
import { useInvokeMutation } from "@/components/playground/invoke-mutation";
import { InvokeResponse } from "@/components/playground/invoke-response";
import { RequestForm, useRequestDraft } from "@/components/playground/request-form";
import type { TargetParams } from "@/components/playground/target-params";
import { TargetPicker } from "@/components/playground/target-picker";
import { draftKey, useInvokeTarget } from "@/components/playground/use-invoke-target";
import { ErrorBanner } from "@/components/ui/error-banner";

export function Playground({ initial, runtime }: { initial: TargetParams; runtime: RuntimeLocation }) {
  const target = useInvokeTarget(initial);
  const draft = useRequestDraft(target.key, target.exampleFields);
  const run = useInvokeMutation();
  const history = useInvokeHistory(target.endpoint);
  // The last answer (or failure) is shown only while its endpoint and model are the ones chosen:
  // another model's answer under this model's form would read as this one's.
  const current = run.variables?.endpoint === target.endpoint && run.variables.model === target.model;

  return (
    <div className="flex flex-col gap-5">
      <TargetPicker target={target} />
      {target.signature && <RequestForm target={target} signature={target.signature} draft={draft} run={run} onInvoked={history.record} runtime={runtime} />}
      {current && <ErrorBanner error={run.error} title="The invocation failed" action />}
      {current && run.data && <InvokeResponse results={run.data} />}
      <InvokeHistory
        entries={history.entries}
        onReuse={(entry) => {
          // Back to the model and ref it ran on, with its request as raw JSON under that version's signature.
          if (entry.model !== target.model || entry.refs[0] !== target.ref) target.pickModel(entry.model, entry.refs[0]);
          draft.setRawFor(draftKey(target.endpoint, entry.model, entry.results[0]?.version), JSON.stringify(entry.request, null, 2));
        }}
      />
    </div>
  );
}
