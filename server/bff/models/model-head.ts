import "server-only";
import { emptyHead, modelHead, type ModelHead } from "@/lib/model-registry";
import { headKey } from "@/server/bff/models/registry-keys";
import { getJson, putJsonConditionally } from "@/server/bff/models/s3-json";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

const MAX_ATTEMPTS = 8;
const ALIAS_HISTORY = 50;

export type { ModelHead };

export async function readHead(loc: ModelDataLocation, model: string) {
  return getJson(loc.bucket, headKey(loc, model), modelHead);
}

/**
 * Read-modify-write of a model's head with compare-and-swap: `change` runs on the freshest head
 * and may throw to refuse (e.g. an alias points at the version being deleted); a lost race re-reads
 * and runs it again. This one document serialises every registry change of a model, on AWS as locally.
 */
export async function updateHead<R>(loc: ModelDataLocation, model: string, change: (head: ModelHead) => R): Promise<R> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await readHead(loc, model);
    const head = structuredClone(current?.value ?? emptyHead(model));
    const result = change(head);
    head.aliasHistory = head.aliasHistory.slice(-ALIAS_HISTORY);
    if (await putJsonConditionally(loc.bucket, headKey(loc, model), head, current ? { etag: current.etag } : "absent")) return result;
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
  }
  throw new ApiError("conflict", `Model "${model}" is being changed by someone else; try again`);
}
