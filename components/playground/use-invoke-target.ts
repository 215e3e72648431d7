"use client";

import { useMemo, useState } from "react";
import type { ModelDetailView } from "@/lib/schemas/model-views";
import { useEndpointsQuery } from "@/components/endpoints/endpoints-query";
import { useModelQuery, useModelsQuery } from "@/components/models/models-query";
import type { ModelRef } from "@/components/playground/invoke-mutation";
import { initialFields } from "@/lib/playground/request-builder";
import type { TargetParams } from "@/components/playground/target-params";

export type RefOption = { value: ModelRef; label: string; version: number };

/** Refs a model offers: its aliases first (what production traffic uses), then every ready version. */
function refsOf(model: ModelDetailView | undefined): RefOption[] {
  if (!model) return [];
  const ready = new Set(model.versions.filter((v) => v.state === "ready").map((v) => v.version));
  const aliases = Object.entries(model.aliases)
    .filter(([, v]) => ready.has(v))
    .map(([a, v]) => ({ value: `a:${a}`, label: `${a} (v${v})`, version: v }));
  const versions = [...ready].map((v) => ({ value: `v:${v}`, label: `v${v}`, version: v }));
  return [...aliases, ...versions];
}

/** Only InService endpoints take invocations: the others are listed apart, with their status, to say why they are missing. */
const SERVING = "InService";

/**
 * What the playground invokes: endpoint, model, version or alias, and the ref to compare with,
 * plus what follows from them (the version's signature and the example request built from it).
 *
 * Choices fall back to sensible defaults (the first InService endpoint, its first model, the
 * model's first alias or version) until the user picks; nothing is copied into state by effects.
 * The version and compare picks belong to one endpoint and model (`scope`): they count only there,
 * so a pick never outlives the choice it was made for, and every pick is checked against the
 * current choices before it is used.
 */
export function useInvokeTarget(initial: TargetParams = {}) {
  const endpoints = useEndpointsQuery();
  const endpointOptions = useMemo(() => (endpoints.data ?? []).filter((e) => e.status === SERVING), [endpoints.data]);
  const notServing = useMemo(() => (endpoints.data ?? []).filter((e) => e.status !== SERVING), [endpoints.data]);
  const [pickedEndpoint, setEndpoint] = useState(initial.endpoint ?? "");
  const endpoint = endpointOptions.some((e) => e.name === pickedEndpoint) ? pickedEndpoint : (endpointOptions[0]?.name ?? "");

  const models = useModelsQuery(endpoint, "");
  const [pickedModel, setModel] = useState({ endpoint: initial.endpoint ?? "", model: initial.model ?? "" });
  const listedModels = useMemo(() => models.data?.pages.flatMap((p) => p.models.map((m) => m.name)) ?? [], [models.data]);
  const model = (pickedModel.endpoint === endpoint && pickedModel.model) || (listedModels[0] ?? "");
  // A model named by the URL may be past the first page of a long list: offer it anyway.
  const modelOptions = model && !listedModels.includes(model) ? [model, ...listedModels] : listedModels;

  const detail = useModelQuery(endpoint || undefined, model || undefined);
  const modelDetail = endpoint && model && detail.data?.name === model ? detail.data : undefined;
  const refs = useMemo(() => refsOf(modelDetail), [modelDetail]);
  const scope = `${endpoint}/${model}`;
  const [picked, setPicked] = useState({ scope: `${initial.endpoint ?? ""}/${initial.model ?? ""}`, ref: initial.ref ?? "", compare: "" });
  const inScope = picked.scope === scope;
  const ref = inScope && refs.some((r) => r.value === picked.ref) ? picked.ref : (refs[0]?.value ?? "");
  const version = refs.find((r) => r.value === ref)?.version;
  // Comparing with a ref of the same version would run one target model twice.
  const compareOptions = refs.filter((r) => r.version !== version);
  const compareRef = inScope && compareOptions.some((r) => r.value === picked.compare) ? picked.compare : "";
  const versionView = modelDetail?.versions.find((v) => v.version === version);
  const signature = versionView?.signature;
  const exampleFields = useMemo(() => (signature ? initialFields(signature) : []), [signature]);
  const versionOf = (r: ModelRef) => refs.find((o) => o.value === r)?.version;

  return {
    endpoint,
    model,
    ref,
    /** The version the main ref stands for now (an alias resolves again when invoked). */
    version,
    /** SageMaker's TargetModel for that version: what code outside the console sends. */
    targetModel: versionView?.targetModel,
    compareRef,
    refs,
    compareOptions,
    endpointOptions,
    /** Endpoints left out of the choice, with their status: only InService endpoints take invocations. */
    notServing,
    /** Why the endpoint the URL or the user asked for is not the one shown. */
    endpointNotice: endpoints.data && pickedEndpoint && pickedEndpoint !== endpoint ? unavailableEndpoint(pickedEndpoint, notServing) : undefined,
    /** Why the version the URL asked for is not the one shown. */
    refNotice:
      modelDetail && inScope && picked.ref && ref && picked.ref !== ref
        ? `${refLabel(picked.ref)} is not a ready version or alias of ${model}; showing ${refs.find((r) => r.value === ref)!.label}.`
        : undefined,
    modelOptions,
    /** The endpoint's models have loaded and there are none: nothing to invoke yet. */
    noModels: Boolean(endpoint && models.data && !model),
    error: endpoints.error ?? models.error ?? (endpoint && model ? detail.error : null),
    signature,
    exampleFields,
    /** Identifies the signature the request is written for: drafts for one don't carry over to another. */
    key: draftKey(endpoint, model, version),
    // A new endpoint or model drops the picks below it, so they fall back to the new defaults.
    pickEndpoint: (name: string) => {
      setEndpoint(name);
      setModel({ endpoint: name, model: "" });
      setPicked({ scope: "", ref: "", compare: "" });
    },
    /** A model, and optionally the ref to show (the history's "reuse" opens the ref it ran). */
    pickModel: (name: string, r: ModelRef = "") => {
      setModel({ endpoint, model: name });
      setPicked({ scope: `${endpoint}/${name}`, ref: r, compare: "" });
    },
    // Picking as the main ref the version being compared with drops the comparison.
    pickRef: (r: ModelRef) => setPicked({ scope, ref: r, compare: versionOf(r) === versionOf(compareRef) ? "" : compareRef }),
    pickCompareRef: (r: ModelRef) => setPicked({ scope, ref, compare: r }),
  };
}

export type InvokeTarget = ReturnType<typeof useInvokeTarget>;

/** The key a request draft is kept under: one endpoint, model and version's signature. */
export function draftKey(endpoint: string, model: string, version: number | undefined): string {
  return `${endpoint}/${model}/${version ?? ""}`;
}

function refLabel(ref: ModelRef): string {
  return ref.startsWith("v:") ? `v${ref.slice(2)}` : `Alias "${ref.slice(2)}"`;
}

function unavailableEndpoint(name: string, notServing: { name: string; status: string }[]): string {
  const status = notServing.find((e) => e.name === name)?.status;
  return status ? `${name} is ${status}: only InService endpoints take invocations.` : `There is no endpoint named ${name}.`;
}
