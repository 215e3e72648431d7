import "server-only";
import { readHead } from "@/server/bff/models/model-head";
import { readVersionRecord } from "@/server/bff/models/version-record";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";

/** Records read at most: as many versions as a model's page shows. */
const MAX_RECORDS = 100;

/**
 * The newest ready version before `version` whose artifact is byte-identical (same sha256), or
 * undefined. Only versions of the same size (kept in the head) have their record read, so a model
 * with many versions costs one head read and, nearly always, no record reads. A warning for the
 * version list ("same as v3"), never a refusal: uploading the same bytes again can be deliberate.
 */
export async function sameAsEarlierVersion(loc: ModelDataLocation, model: string, version: number, artifact: { sha256: string; size: number }): Promise<number | undefined> {
  const head = (await readHead(loc, model))?.value;
  if (!head) return undefined;
  const candidates = Object.entries(head.versions)
    .filter(([n, e]) => Number(n) < version && e.state === "ready" && (e.size === undefined || e.size === artifact.size))
    .map(([n]) => Number(n))
    .sort((a, b) => b - a)
    .slice(0, MAX_RECORDS);
  for (const n of candidates) {
    if ((await readVersionRecord(loc, model, n))?.sha256 === artifact.sha256) return n;
  }
  return undefined;
}
