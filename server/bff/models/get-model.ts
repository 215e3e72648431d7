import "server-only";
import type { ModelDetailView, VersionView } from "@/lib/schemas/model-views";
import { latestReady } from "@/server/bff/models/list-models";
import { readHead } from "@/server/bff/models/model-head";
import { targetModel } from "@/server/bff/models/registry-keys";
import { readVersionRecord, type VersionRecord } from "@/server/bff/models/version-record";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/** Versions shown on a model's page, newest first; older ones stay in S3 and in the head. */
const MAX_VERSIONS = 100;

/** A model with its versions (records read for the newest ones), aliases and the latest signature. */
export async function getModel(endpoint: string, model: string): Promise<ModelDetailView> {
  const loc = await modelDataLocation(endpoint);
  const head = (await readHead(loc, model))?.value;
  if (!head) throw new ApiError("not_found", `Model "${model}" does not exist on endpoint "${endpoint}"`);
  const numbers = Object.keys(head.versions)
    .map(Number)
    .sort((a, b) => b - a)
    .slice(0, MAX_VERSIONS);
  const records = new Map<number, VersionRecord>();
  await Promise.all(
    numbers
      .filter((n) => head.versions[n]!.state === "ready")
      .map(async (n) => {
        const r = await readVersionRecord(loc, model, n);
        if (r) records.set(n, r);
      }),
  );
  const aliasesOf = (n: number) => Object.entries(head.aliases).filter(([, v]) => v === n).map(([a]) => a);
  const versions: VersionView[] = numbers.map((n) => {
    const e = head.versions[n]!;
    const r = records.get(n);
    return {
      version: n,
      state: e.state === "ready" ? "ready" : "uploading",
      targetModel: targetModel(model, n),
      size: r?.size ?? e.size,
      sha256: r?.sha256,
      framework: r?.framework ?? e.framework,
      platform: r?.platform ?? r?.backend,
      uploadedAt: e.uploadedAt,
      uploadedBy: e.uploadedBy,
      notes: e.notes,
      aliases: aliasesOf(n),
      signature: r && { maxBatchSize: r.maxBatchSize, inputs: r.inputs, outputs: r.outputs },
      sameAs: r?.sameAs,
      verification: e.verification,
    };
  });
  const latest = latestReady(head);
  const sig = latest !== undefined ? records.get(latest) : undefined;
  return {
    name: model,
    endpoint,
    location: `s3://${loc.bucket}/${loc.prefix}`,
    versions,
    aliases: head.aliases,
    canaries: head.canaries,
    aliasHistory: [...head.aliasHistory].reverse(),
    signature: sig && { version: sig.version, maxBatchSize: sig.maxBatchSize, inputs: sig.inputs, outputs: sig.outputs },
  };
}
