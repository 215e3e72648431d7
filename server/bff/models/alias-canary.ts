import "server-only";
import type { AliasChangeView, CanaryDecisionInput, CanaryInput, WarmReport } from "@/lib/schemas/alias-release";
import { awaitVerification } from "@/server/bff/models/await-verification";
import { readHead, updateHead, type ModelHead } from "@/server/bff/models/model-head";
import { canaryOf, checkExpected, checkExpectedCanary, checkForceAllowed, checkReady, checkVerified, type ReleaseActor } from "@/server/bff/models/release-gate";
import { warmVersion } from "@/server/bff/models/warm-version";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/**
 * Canaries: an alias sends `weight` % of its requests to a second version (resolveTargetModel
 * draws per request), until the canary is promoted (the alias moves to it) or aborted. Each is one
 * compare-and-swap of the model's head, kept in the alias history.
 */

function ownVersion(head: ModelHead, model: string, alias: string): number {
  const own = head.aliases[alias];
  if (own === undefined) throw new ApiError("not_found", `Model "${model}" has no alias "${alias}": a canary runs beside an alias's own version`);
  return own;
}

async function existingHead(endpoint: string, model: string) {
  const loc = await modelDataLocation(endpoint);
  const head = (await readHead(loc, model))?.value;
  if (!head) throw new ApiError("not_found", `Model "${model}" does not exist`);
  return { loc, head };
}

/**
 * Starts a canary, or changes its weight or version: the version must differ from the alias's own
 * and pass the same gate as a move (ready, verified or forced). With `warm`, it is loaded first.
 */
export async function startCanary(endpoint: string, model: string, alias: string, input: CanaryInput, actor: ReleaseActor): Promise<AliasChangeView> {
  checkForceAllowed(actor, input.force);
  const existing = await existingHead(endpoint, model);
  const loc = existing.loc;
  const head = await awaitVerification(loc, model, input.version, existing.head);
  const gate = (h: ModelHead) => {
    const own = ownVersion(h, model, alias);
    checkExpected(h, alias, input.expected);
    if (own === input.version) throw new ApiError("unprocessable", `v${own} is ${alias}'s own version: a canary must be another version`);
    checkReady(h, model, input.version);
    return { own, forcedReason: checkVerified(h, input.version, input.force) };
  };
  let warm: WarmReport | undefined;
  if (input.warm) {
    gate(head);
    warm = await warmVersion(endpoint, model, input.version);
  }
  return updateHead(loc, model, (h) => {
    const { own, forcedReason } = gate(h);
    const was = h.canaries[alias];
    const now = new Date().toISOString();
    // A re-weight keeps when and by whom the canary started.
    h.canaries[alias] = was?.version === input.version ? { ...was, weight: input.weight } : { version: input.version, weight: input.weight, startedBy: actor.email, startedAt: now };
    h.aliasHistory.push({
      alias,
      from: own,
      to: own,
      by: actor.email,
      at: now,
      kind: "canary-start",
      canary: { version: input.version, weight: input.weight },
      ...(forcedReason ? { forcedReason } : {}),
    });
    return { alias, version: own, previous: own, canary: canaryOf(h, alias), ...(forcedReason ? { forcedReason } : {}), ...(warm ? { warm } : {}) };
  });
}

function runningCanary(head: ModelHead, model: string, alias: string, expectedCanary: number | undefined) {
  const own = ownVersion(head, model, alias);
  const canary = head.canaries[alias];
  if (!canary) throw new ApiError("no_canary", `${alias} has no canary running`);
  checkExpectedCanary(head, alias, expectedCanary);
  return { own, canary };
}

/** Moves the alias to its canary's version (it took traffic already: no verification gate) and ends the canary. */
export async function promoteCanary(endpoint: string, model: string, alias: string, input: CanaryDecisionInput, actor: ReleaseActor): Promise<AliasChangeView> {
  const { loc } = await existingHead(endpoint, model);
  return updateHead(loc, model, (h) => {
    const { own, canary } = runningCanary(h, model, alias, input.expectedCanary);
    checkReady(h, model, canary.version);
    h.aliases[alias] = canary.version;
    delete h.canaries[alias];
    h.aliasHistory.push({ alias, from: own, to: canary.version, by: actor.email, at: new Date().toISOString(), kind: "canary-promote", canary: { version: canary.version, weight: canary.weight } });
    return { alias, version: canary.version, previous: own };
  });
}

/** Ends the canary: the alias's own version takes all its requests again. */
export async function abortCanary(endpoint: string, model: string, alias: string, input: CanaryDecisionInput, actor: ReleaseActor): Promise<AliasChangeView> {
  const { loc } = await existingHead(endpoint, model);
  return updateHead(loc, model, (h) => {
    const { own } = runningCanary(h, model, alias, input.expectedCanary);
    const aborted = canaryOf(h, alias)!;
    delete h.canaries[alias];
    h.aliasHistory.push({ alias, from: own, to: own, by: actor.email, at: new Date().toISOString(), kind: "canary-abort", canary: { version: aborted.version, weight: aborted.weight } });
    return { alias, version: own, previous: own, abortedCanary: aborted };
  });
}
