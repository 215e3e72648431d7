import "server-only";
import { previousTarget } from "@/lib/alias-rollback";
import type { AliasChangeView, RollbackAliasInput, WarmReport } from "@/lib/schemas/alias-release";
import { readHead, updateHead, type ModelHead } from "@/server/bff/models/model-head";
import { aliasChangedDetails, checkExpected, checkNoCanary, type ReleaseActor } from "@/server/bff/models/release-gate";
import { warmVersion } from "@/server/bff/models/warm-version";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/** The rollback's target, or why there is none. */
function rollbackTarget(head: ModelHead, model: string, alias: string, expected: number | undefined): { from: number; to: number } {
  const from = head.aliases[alias];
  if (from === undefined) throw new ApiError("not_found", `Model "${model}" has no alias "${alias}"`);
  checkExpected(head, alias, expected);
  checkNoCanary(head, alias);
  const to = previousTarget([...head.aliasHistory].reverse(), alias, from);
  if (to === undefined) throw new ApiError("no_previous_target", `${alias} has pointed at no other version before v${from}: there is nothing to roll back to`);
  if (head.versions[to]?.state !== "ready") throw new ApiError("no_previous_target", `${alias} pointed at v${to} before v${from}, but v${to} was deleted: move it to another version instead`);
  return { from, to };
}

/**
 * Moves an alias back to where it pointed before (lib/alias-rollback.ts), in one compare-and-swap.
 * No verification gate: that version served this alias before. With `warm`, it is loaded first.
 */
export async function rollbackAlias(endpoint: string, model: string, alias: string, input: RollbackAliasInput, actor: ReleaseActor): Promise<AliasChangeView> {
  const loc = await modelDataLocation(endpoint);
  const head = (await readHead(loc, model))?.value;
  if (!head) throw new ApiError("not_found", `Model "${model}" does not exist`);
  let warm: { version: number; report: WarmReport } | undefined;
  if (input.warm) {
    const { to } = rollbackTarget(head, model, alias, input.expected);
    warm = { version: to, report: await warmVersion(endpoint, model, to) };
  }
  return updateHead(loc, model, (h) => {
    const { from, to } = rollbackTarget(h, model, alias, input.expected);
    // The alias moved while warming: what was warmed is no longer the previous target.
    if (warm && warm.version !== to) throw new ApiError("alias_changed", `${alias} changed while v${warm.version} was warming; look again and retry`, aliasChangedDetails(h, alias));
    h.aliases[alias] = to;
    h.aliasHistory.push({ alias, from, to, by: actor.email, at: new Date().toISOString(), kind: "rollback" });
    return { alias, version: to, previous: from, ...(warm ? { warm: warm.report } : {}) };
  });
}
