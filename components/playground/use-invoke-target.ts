"use client";

import { useMemo, useState } from "react";
import type { ModelDetailView } from "@/lib/schemas/model-views";
import { useEndpointsQuery } from "@/components/endpoints/endpoints-query";
import { useModelQuery, useModelsQuery } from "@/components/models/models-query";
import type { ModelRef } from "@/components/playground/invoke-mutation";
import { initialFields } from "@/components/playground/request-builder";

export type RefOption = { value: ModelRef; label: string; version: number };

/** Refs a model offers: its aliases first (what production traffic uses), then every ready version. */
function refsOf(model: ModelDetailView | undefined): RefOption[] {
  if (!model) return [];
  const aliases = Object.entries(model.aliases).map(([a, v]) => ({ value: `a:${a}`, label: `${a} (v${v})`, version: v }));
  const versions = model.versions.filter((v) => v.state === "ready").map((v) => ({ value: `v:${v.version}`, label: `v${v.version}`, version: v.version }));
  return [...aliases, ...versions];
}

/**
 * What the playground invokes: endpoint, model, version or alias, and the ref to compare with,
 * plus what follows from them (the version's signature and the example request built from it).
 */
export function useInvokeTarget(initialEndpoint?: string) {
  const endpoints = useEndpointsQuery();
  // Choices fall back to sensible defaults (the first InService endpoint, its first model, the
  // model's first alias or version) until the user picks; nothing is copied into state by effects.
  const [pickedEndpoint, setEndpoint] = useState(initialEndpoint ?? "");
  const endpoint = pickedEndpoint || (endpoints.data?.find((e) => e.status === "InService")?.name ?? endpoints.data?.[0]?.name ?? "");
  const models = useModelsQuery(endpoint, "");
  const [pickedModel, setModel] = useState("");
  const model = pickedModel || (models.data?.pages[0]?.models[0]?.name ?? "");
  const detail = useModelQuery(endpoint || undefined, model || undefined);
  const modelDetail = endpoint && model ? detail.data : undefined;
  const refs = useMemo(() => refsOf(modelDetail), [modelDetail]);
  const [pickedRef, setRef] = useState<ModelRef>("");
  const ref = refs.some((r) => r.value === pickedRef) ? pickedRef : (refs[0]?.value ?? "");
  const [compareRef, setCompareRef] = useState<ModelRef>("");
  const version = refs.find((r) => r.value === ref)?.version;
  const signature = modelDetail?.versions.find((v) => v.version === version)?.signature;
  const exampleFields = useMemo(() => (signature ? initialFields(signature) : []), [signature]);

  return {
    endpoint,
    model,
    ref,
    compareRef,
    refs,
    endpointOptions: endpoints.data ?? [],
    modelOptions: models.data?.pages.flatMap((p) => p.models) ?? [],
    /** The endpoint's models have loaded and there are none: nothing to invoke yet. */
    noModels: Boolean(endpoint && models.data && !model),
    error: endpoints.error ?? models.error ?? (endpoint && model ? detail.error : null),
    signature,
    exampleFields,
    /** Identifies the signature the request is written for: drafts for one don't carry over to another. */
    key: `${endpoint}/${model}/${version ?? ""}`,
    // A new endpoint or model drops the picks below it, so they fall back to the new defaults.
    pickEndpoint: (name: string) => {
      setEndpoint(name);
      setModel("");
      setRef("");
    },
    pickModel: (name: string) => {
      setModel(name);
      setRef("");
    },
    pickRef: setRef,
    pickCompareRef: setCompareRef,
  };
}

export type InvokeTarget = ReturnType<typeof useInvokeTarget>;
