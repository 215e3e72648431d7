import { ApiClientError } from "@/lib/api-client";
import { formatRelative } from "@/lib/format";
import type { AliasChangedDetails } from "@/lib/schemas/alias-release";
import type { AliasMoveView } from "@/lib/schemas/model-views";

const v = (n: number | undefined, none: string) => (n === undefined ? none : `v${n}`);

/**
 * One alias change in words, without the alias, who or when (each list places those itself):
 * "v1 → v2", "v2 → v1 (rolled back)", "canary v4 at 10 % started". Entries written before kinds
 * existed have none and read as moves.
 */
export function describeAliasMove(h: AliasMoveView): string {
  const canary = h.canary ? `canary v${h.canary.version}` : "canary";
  const forced = h.forcedReason ? ` (forced: ${h.forcedReason})` : "";
  switch (h.kind) {
    case "rollback":
      return `${v(h.from, "new")} → ${v(h.to, "removed")} (rolled back)`;
    case "remove":
      return `${v(h.from, "?")} → removed`;
    case "canary-start":
      return `${canary}${h.canary ? ` at ${h.canary.weight} %` : ""} started${forced}`;
    case "canary-promote":
      return `${v(h.from, "?")} → ${v(h.to ?? h.canary?.version, "?")} (${canary} promoted)`;
    case "canary-abort":
      return `${canary} aborted${h.to !== undefined || h.from !== undefined ? `, stays ${v(h.to ?? h.from, "?")}` : ""}`;
    default:
      return `${v(h.from, "new")} → ${v(h.to, "removed")}${forced}`;
  }
}

/** What kind of change an entry is, in a word for the Models tab's list. */
export function aliasMoveKind(h: AliasMoveView): string {
  const kinds: Record<NonNullable<AliasMoveView["kind"]>, string> = {
    move: "move",
    rollback: "rollback",
    remove: "remove",
    "canary-start": "canary",
    "canary-promote": "promote",
    "canary-abort": "abort",
  };
  const kind = kinds[h.kind ?? "move"];
  return h.forcedReason ? `${kind}, forced` : kind;
}

/** The alias's state from an alias_changed refusal, or undefined for any other error. */
export function aliasChangedDetails(error: unknown): AliasChangedDetails | undefined {
  if (!(error instanceof ApiClientError) || error.code !== "alias_changed") return undefined;
  const d = error.details as Partial<AliasChangedDetails> | undefined;
  return d && typeof d.alias === "string" ? (d as AliasChangedDetails) : { alias: "", version: null };
}

/** A lost race in a sentence: who moved the alias where, so the user can decide again on the new state. */
export function aliasChangedSentence(alias: string, d: AliasChangedDetails): string {
  const who = d.by ? ` by ${d.by}` : "";
  const when = d.at ? ` ${formatRelative(d.at)}` : "";
  const where =
    d.version === null
      ? `was removed${who}${when}`
      : `was moved to v${d.version}${d.canary ? ` (canary v${d.canary.version} at ${d.canary.weight} %)` : ""}${who}${when}`;
  return `${alias} ${where} while you were deciding; nothing was changed. The page now shows its new state: decide again.`;
}
