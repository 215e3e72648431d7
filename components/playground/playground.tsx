"use client";

import { InvokeHistory, useInvokeHistory } from "@/components/playground/invoke-history";
import { useInvokeMutation } from "@/components/playground/invoke-mutation";
import { InvokeResponse } from "@/components/playground/invoke-response";
import { RequestForm, useRequestDraft } from "@/components/playground/request-form";
import { TargetPicker } from "@/components/playground/target-picker";
import { useInvokeTarget } from "@/components/playground/use-invoke-target";
import { ErrorBanner } from "@/components/ui/error-banner";

export function Playground({ initialEndpoint }: { initialEndpoint?: string }) {
  const target = useInvokeTarget(initialEndpoint);
  const draft = useRequestDraft(target.key, target.exampleFields);
  const run = useInvokeMutation(target.endpoint, target.model);
  const history = useInvokeHistory();

  return (
    <div className="flex flex-col gap-5">
      <TargetPicker target={target} />
      {target.signature && <RequestForm target={target} signature={target.signature} draft={draft} run={run} onInvoked={history.record} />}
      <ErrorBanner error={run.error} title="The invocation failed" action />
      {run.data && <InvokeResponse results={run.data} />}
      <InvokeHistory entries={history.entries} onReuse={(request) => draft.setRaw(JSON.stringify(request, null, 2))} />
    </div>
  );
}
