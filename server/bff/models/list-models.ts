import "server-only";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { ModelSummaryView } from "@/lib/schemas/model-views";
import { s3Client } from "@/server/aws/client-factory";
import { expireIdleUploads, startIdleUploadSweeps } from "@/server/bff/models/expire-idle-uploads";
import { readHead, type ModelHead } from "@/server/bff/models/model-head";
import { REGISTRY_DIR } from "@/server/bff/models/registry-keys";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";

/** How many heads are read at once: enough to fill a page fast without a burst of hundreds. */
const CONCURRENCY = 16;

/**
 * One page of an endpoint's models, in name order: a delimited listing of the registry folder
 * gives the names (and a cursor for the next page, so thousands of models stay cheap), then each
 * model's head gives its versions and aliases.
 */
export async function listModels(endpoint: string, opts: { search?: string; cursor?: string; limit: number }) {
  const loc = await modelDataLocation(endpoint);
  // Abandoned uploads of this endpoint go before it is listed, so the list never shows them.
  startIdleUploadSweeps();
  await expireIdleUploads(endpoint);
  const root = `${loc.prefix}${REGISTRY_DIR}`;
  const page = await s3Client().send(
    new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: `${root}${opts.search ?? ""}`, Delimiter: "/", MaxKeys: opts.limit, ContinuationToken: opts.cursor }),
  );
  const names = (page.CommonPrefixes ?? []).map((p) => p.Prefix!.slice(root.length, -1));
  const models: ModelSummaryView[] = [];
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    const heads = await Promise.all(names.slice(i, i + CONCURRENCY).map((n) => readHead(loc, n)));
    heads.forEach((h, j) => models.push(summarize(names[i + j]!, h?.value)));
  }
  return { models, nextCursor: page.IsTruncated ? page.NextContinuationToken : undefined, location: `s3://${loc.bucket}/${loc.prefix}` };
}

export function latestReady(head: ModelHead): number | undefined {
  const ready = Object.entries(head.versions)
    .filter(([, v]) => v.state === "ready")
    .map(([n]) => Number(n));
  return ready.length ? Math.max(...ready) : undefined;
}

/** How far back the models list shows alias changes. */
const RECENT_MOVES_MS = 24 * 3600_000;

function summarize(name: string, head: ModelHead | undefined): ModelSummaryView {
  if (!head) return { name, versionCount: 0, aliases: {}, canaries: {}, recentAliasMoves: [] };
  const since = Date.now() - RECENT_MOVES_MS;
  const latest = latestReady(head);
  const entry = latest !== undefined ? head.versions[latest] : undefined;
  return {
    name,
    latestVersion: latest,
    versionCount: Object.values(head.versions).filter((v) => v.state === "ready").length,
    aliases: head.aliases,
    canaries: head.canaries,
    recentAliasMoves: head.aliasHistory.filter((h) => Date.parse(h.at) >= since).reverse(),
    framework: entry?.framework,
    size: entry?.size,
    uploadedAt: entry?.uploadedAt,
    verification: entry?.verification,
  };
}
