import "server-only";
import type { AliasChangeView, MoveAliasInput, WarmReport } from "@/lib/schemas/alias-release";
import { awaitVerification } from "@/server/bff/models/await-verification";
import { readHead, updateHead, type ModelHead } from "@/server/bff/models/model-head";
import { checkExpected, checkForceAllowed, checkNoCanary, checkReady, checkVerified, type ReleaseActor } from "@/server/bff/models/release-gate";
import { warmVersion } from "@/server/bff/models/warm-version";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/**
 * Points an alias (e.g. production) at a version, or moves it, in one compare-and-swap of the
 * model's head: the caller saw the alias as it is (`expected`), no canary is running, and the
 * version is ready and verified (or forced by an admin with a reason). A move to where the alias
 * already points succeeds and changes nothing. With `warm`, the version is loaded on the endpoint
 * first (after the same checks on the head as read, so a refused move warms nothing); the checks
 * run again on the freshest head when it is written. A version still being verified is waited for.
 */
export async function moveAlias(endpoint: string, model: string, alias: string, input: MoveAliasInput, actor: ReleaseActor): Promise<AliasChangeView> {
  checkForceAllowed(actor, input.force);
  const loc = await modelDataLocation(endpoint);
  const read = (await readHead(loc, model))?.value;
  if (!read) throw new ApiError("not_found", `Model "${model}" does not exist`);
  const head = await awaitVerification(loc, model, input.version, read);
  const gate = (h: ModelHead) => {
    checkExpected(h, alias, input.expected);
    checkNoCanary(h, alias);
    checkReady(h, model, input.version);
    return checkVerified(h, input.version, input.force);
  };
  let warm: WarmReport | undefined;
  if (input.warm) {
    if (head.aliases[alias] !== input.version) gate(head);
    warm = await warmVersion(endpoint, model, input.version);
  }
  return updateHead(loc, model, (h) => {
    const from = h.aliases[alias];
    if (from === input.version) return { alias, version: from, previous: from, ...(warm ? { warm } : {}) };
    const forcedReason = gate(h);
    h.aliases[alias] = input.version;
    h.aliasHistory.push({ alias, from, to: input.version, by: actor.email, at: new Date().toISOString(), kind: "move", ...(forcedReason ? { forcedReason } : {}) });
    return { alias, version: input.version, previous: from, ...(forcedReason ? { forcedReason } : {}), ...(warm ? { warm } : {}) };
  });
}
