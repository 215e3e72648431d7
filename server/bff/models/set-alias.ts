import "server-only";
import { readHead, updateHead } from "@/server/bff/models/model-head";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/**
 * Points an alias (e.g. production) at a ready version, or moves it; every move is kept in the
 * head's history. Answers where it pointed before (`previous`, absent for a new alias), for the audit log.
 */
export async function setAlias(endpoint: string, model: string, alias: string, version: number, actor: string): Promise<{ alias: string; version: number; previous?: number }> {
  const loc = await modelDataLocation(endpoint);
  if (!(await readHead(loc, model))) throw new ApiError("not_found", `Model "${model}" does not exist`);
  return updateHead(loc, model, (head) => {
    if (head.versions[version]?.state !== "ready") throw new ApiError("conflict", `Version ${version} of "${model}" is not a ready version`);
    const from = head.aliases[alias];
    if (from === version) return { alias, version, previous: from };
    head.aliases[alias] = version;
    head.aliasHistory.push({ alias, from, to: version, by: actor, at: new Date().toISOString() });
    return { alias, version, previous: from };
  });
}

/** Removes an alias; answers the version it pointed at. */
export async function deleteAlias(endpoint: string, model: string, alias: string, actor: string): Promise<{ deleted: string; version: number }> {
  const loc = await modelDataLocation(endpoint);
  return updateHead(loc, model, (head) => {
    const from = head.aliases[alias];
    if (from === undefined) throw new ApiError("not_found", `Model "${model}" has no alias "${alias}"`);
    delete head.aliases[alias];
    head.aliasHistory.push({ alias, from, by: actor, at: new Date().toISOString() });
    return { deleted: alias, version: from };
  });
}
