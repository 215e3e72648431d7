"use client";

import type { EndpointDetailView } from "@/lib/schemas/endpoint-views";
import { useCan } from "@/components/auth/session-user-context";
import { LinkButton } from "@/components/ui/button";

/** A new endpoint serves nothing yet: the next step, in place of figures that would all read zero. */
export function FirstModel({ ep }: { ep: EndpointDetailView }) {
  const canUpload = useCan("models:write");
  const prefix = ep.models[0]?.modelDataUrl;
  return (
    <section className="flex flex-col items-start gap-3 rounded-lg border border-dashed border-slate-300 bg-white px-5 py-5" data-testid="first-model">
      <h2 className="text-base font-semibold">{canUpload ? "Upload your first model" : "No models yet"}</h2>
      <p className="max-w-2xl text-sm text-slate-600">
        This endpoint serves every Triton model package (a <code className="font-mono text-xs">.tar.gz</code>) uploaded under{" "}
        {prefix ? <code className="break-all font-mono text-xs">{prefix}</code> : "its model data prefix"}, loading each on its first invocation.{" "}
        {canUpload ? "The Models tab checks a package in your browser before a byte is sent, then uploads it as version 1." : "An admin can upload one from the Models tab."}
      </p>
      <LinkButton href={`/endpoints/${encodeURIComponent(ep.name)}/models${canUpload ? "#upload" : ""}`} variant={canUpload ? "primary" : "secondary"} data-testid="first-model-link">
        {canUpload ? "Upload a model" : "Open the Models tab"}
      </LinkButton>
    </section>
  );
}
