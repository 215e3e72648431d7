import "server-only";
import { formatRelative } from "@/lib/format";
import { isVerificationRunning } from "@/lib/model-verification";
import { can, type SessionUser } from "@/lib/roles";
import type { AliasChangedDetails, CanaryView } from "@/lib/schemas/alias-release";
import type { ModelHead } from "@/server/bff/models/model-head";
import { ApiError } from "@/server/route/api-error";

/**
 * The checks every alias change makes on the freshest head, inside its compare-and-swap (and once
 * before warming, to fail fast): the caller saw the alias as it is, no canary is in the way, and the
 * version is ready and verified, or an admin forces it with a reason.
 */

/** Who changes an alias: the role decides whether a force is allowed. */
export type ReleaseActor = Pick<SessionUser, "email" | "role">;

/** A force is refused before anything is read: it is the caller's role, not the head, that decides. */
export function checkForceAllowed(actor: ReleaseActor, force: { reason: string } | undefined): void {
  if (force && !can(actor.role, "models:force")) {
    throw new ApiError("force_not_allowed", `Your role (${actor.role}) may not force a release (models:force); ask an admin`);
  }
}

export function canaryOf(head: ModelHead, alias: string): CanaryView | undefined {
  const c = head.canaries[alias];
  return c && { version: c.version, weight: c.weight, startedBy: c.startedBy, startedAt: c.startedAt };
}

/** The alias as it is now, for an `alias_changed` answer: its version, canary and who changed it last, when. */
export function aliasChangedDetails(head: ModelHead, alias: string): AliasChangedDetails {
  const last = [...head.aliasHistory].reverse().find((h) => h.alias === alias);
  const canary = canaryOf(head, alias);
  return { alias, version: head.aliases[alias] ?? null, ...(canary ? { canary } : {}), ...(last ? { by: last.by, at: last.at } : {}) };
}

const seen = (v: number | null) => (v === null ? "you saw no such alias" : `you saw v${v}`);

/** `expected`: the alias's version as the caller saw it (null: no alias); undefined skips the check. */
export function checkExpected(head: ModelHead, alias: string, expected: number | null | undefined): void {
  if (expected === undefined) return;
  const current = head.aliases[alias] ?? null;
  if (current === expected) return;
  const d = aliasChangedDetails(head, alias);
  const who = d.by && d.at ? ` by ${d.by} ${formatRelative(d.at)}` : "";
  const what = current === null ? `${alias} was removed${who}` : `${alias} was ${expected === null ? "set" : "moved"} to v${current}${who}`;
  throw new ApiError("alias_changed", `${what} (${seen(expected)}); look again and retry`, d);
}

/** A canary decision (promote, abort) on the canary the caller saw. */
export function checkExpectedCanary(head: ModelHead, alias: string, expectedCanary: number | undefined): void {
  const canary = head.canaries[alias];
  if (expectedCanary === undefined || canary?.version === expectedCanary) return;
  const d = aliasChangedDetails(head, alias);
  const now = canary ? `its canary is now v${canary.version} at ${canary.weight} %` : "it has no canary any more";
  throw new ApiError("alias_changed", `The canary of ${alias} changed (you saw v${expectedCanary}): ${now}; look again and retry`, d);
}

export function checkNoCanary(head: ModelHead, alias: string): void {
  const c = head.canaries[alias];
  if (c) throw new ApiError("canary_in_progress", `${alias} has a canary running (v${c.version} at ${c.weight} %): promote or abort it first`);
}

export function checkReady(head: ModelHead, model: string, version: number): void {
  const state = head.versions[version]?.state;
  if (state === "ready") return;
  throw new ApiError("version_not_ready", state === "uploading" ? `v${version} of "${model}" is still uploading` : `"${model}" has no version ${version}`);
}

/**
 * Only a verified version may take traffic. Answers the force's reason when an admin forced a
 * version that is not verified (kept in the history and the audit line), else undefined.
 */
export function checkVerified(head: ModelHead, version: number, force: { reason: string } | undefined): string | undefined {
  const v = head.versions[version]?.verification;
  if (v?.status === "verified") return undefined;
  if (force) return force.reason;
  const state =
    v?.status === "failed"
      ? `v${version} failed verification: ${v.error}`
      : isVerificationRunning(v)
        ? `v${version} is still being verified`
        : `v${version} has not been verified yet${v && !v.running ? ` (${v.reason})` : ""}: verify it first`;
  // The model's error is a sentence with its own full stop.
  throw new ApiError("version_not_verified", `${state.replace(/\.$/, "")}. An admin can force it with a reason.`);
}
