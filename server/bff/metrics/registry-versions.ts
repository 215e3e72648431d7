import "server-only";
import type { ModelVersionRef } from "@/lib/schemas/metrics";
import { readHead, type ModelHead } from "@/server/bff/models/model-head";
import { targetModel } from "@/server/bff/models/registry-keys";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";

/** Heads read at once: a page of 50 models fills fast without a burst of hundreds. */
const CONCURRENCY = 16;

/** A model's versions that have an artifact (ready in its head), newest first, as the target models their series are recorded under. */
function readyVersions(model: string, head: ModelHead | undefined): ModelVersionRef[] {
  if (!head) return [];
  return Object.entries(head.versions)
    .filter(([, v]) => v.state === "ready")
    .map(([n]) => ({ version: Number(n), targetModel: targetModel(model, Number(n)) }))
    .sort((a, b) => b.version - a.version);
}

/**
 * Each model's versions from the registry (its head in S3), not from CloudWatch's ListMetrics: on
 * AWS that lists a new series only up to 15 minutes after its first datum and drops a series idle
 * for two weeks, so a version just uploaded (or quiet for a while) would be missing from the charts.
 * CloudWatch is then asked only for these versions' data. A model with no head has no versions.
 */
export async function registryVersions(loc: ModelDataLocation, models: readonly string[]): Promise<Map<string, { head?: ModelHead; versions: ModelVersionRef[] }>> {
  const out = new Map<string, { head?: ModelHead; versions: ModelVersionRef[] }>();
  for (let i = 0; i < models.length; i += CONCURRENCY) {
    const batch = models.slice(i, i + CONCURRENCY);
    const heads = await Promise.all(batch.map((m) => readHead(loc, m)));
    batch.forEach((m, j) => out.set(m, { head: heads[j]?.value, versions: readyVersions(m, heads[j]?.value) }));
  }
  return out;
}
