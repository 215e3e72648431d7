import "server-only";
import type { AliasChangeView } from "@/lib/schemas/alias-release";
import { updateHead } from "@/server/bff/models/model-head";
import { moveAlias } from "@/server/bff/models/move-alias";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/**
 * Points an alias at a version without the caller's view of it (no `expected`) nor a force: the
 * release gate still applies (ready and verified). For scripts and tests; the API moves with moveAlias.
 */
export async function setAlias(endpoint: string, model: string, alias: string, version: number, actor: string): Promise<AliasChangeView> {
  return moveAlias(endpoint, model, alias, { version }, { email: actor, role: "admin" });
}

/** Removes an alias and its canary, if one is running; answers the version it pointed at. */
export async function deleteAlias(endpoint: string, model: string, alias: string, actor: string): Promise<{ deleted: string; version: number }> {
  const loc = await modelDataLocation(endpoint);
  return updateHead(loc, model, (head) => {
    const from = head.aliases[alias];
    if (from === undefined) throw new ApiError("not_found", `Model "${model}" has no alias "${alias}"`);
    const canary = head.canaries[alias];
    delete head.aliases[alias];
    delete head.canaries[alias];
    head.aliasHistory.push({ alias, from, by: actor, at: new Date().toISOString(), kind: "remove", ...(canary ? { canary: { version: canary.version, weight: canary.weight } } : {}) });
    return { deleted: alias, version: from };
  });
}
