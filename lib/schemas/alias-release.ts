import { z } from "zod";
import { versionNumber } from "@/lib/schemas/model";

/**
 * The release API's inputs and answers: moving an alias (gated on verification), rolling it back,
 * and canaries (an alias splitting traffic between its version and a second one by weight).
 * Shared by the BFF routes (which parse) and the browser (which sends and reads).
 */

/** Why an admin moves an alias to a version that did not verify; kept in the audit log and the alias history. */
export const forceInput = z.object({
  reason: z.string().trim().min(10, "Say why in at least 10 characters: it is kept in the audit log").max(500),
});

/**
 * PUT .../aliases/<alias>: point the alias at a version. `expected` is the version the caller saw the
 * alias at (null: it saw no such alias); another one is `alias_changed` (compare-and-swap between
 * browsers). Absent: no check, for scripts that just want it moved. `warm` loads the version first.
 */
export const moveAliasInput = z.object({
  version: versionNumber,
  expected: versionNumber.nullable().optional(),
  force: forceInput.optional(),
  warm: z.boolean().optional(),
});
export type MoveAliasInput = z.infer<typeof moveAliasInput>;

/** POST .../aliases/<alias>/rollback: back to the target before the current one (no verification gate: it served before). */
export const rollbackAliasInput = z.object({ expected: versionNumber.optional(), warm: z.boolean().optional() });
export type RollbackAliasInput = z.infer<typeof rollbackAliasInput>;

/** PUT .../aliases/<alias>/canary: send `weight` % of the alias's requests to `version` (start or re-weight). `expected`: the alias's own version as seen. */
export const canaryInput = z.object({
  version: versionNumber,
  weight: z.number().int().min(1, "A canary takes at least 1 %").max(99, "A canary takes at most 99 %: promote it to send it everything"),
  expected: versionNumber.optional(),
  force: forceInput.optional(),
  warm: z.boolean().optional(),
});
export type CanaryInput = z.infer<typeof canaryInput>;

/** POST .../canary/promote and DELETE .../canary: `expectedCanary` is the canary version the caller saw. */
export const canaryDecisionInput = z.object({ expectedCanary: versionNumber.optional() });
export type CanaryDecisionInput = z.infer<typeof canaryDecisionInput>;

export type CanaryView = { version: number; weight: number; startedBy: string; startedAt: string };

/**
 * What warming a version before a switch did. `per-instance`: the local engine loaded it on each
 * instance of the endpoint (the residency view shows it there). `requests`: AWS routes requests
 * itself, so the console sent one request per instance and cannot know which instances loaded it.
 */
export type WarmReport =
  | { mode: "per-instance"; targetModel: string; instances: { variantName: string; instanceId: string; index: number; wasResident: boolean; loadMs: number }[] }
  | { mode: "requests"; targetModel: string; instanceCount: number; requests: number; failed: number; note: string };

/** What every alias change answers: the alias's state after it. */
export type AliasChangeView = {
  alias: string;
  /** The alias's own (stable) version; absent after a remove. */
  version?: number;
  /** Where it pointed before this change; absent for a new alias. */
  previous?: number;
  canary?: CanaryView;
  warm?: WarmReport;
  /** The reason an admin gave for moving it to a version that had not verified (absent when not forced). */
  forcedReason?: string;
  /** An abort's canary, as it was. */
  abortedCanary?: CanaryView;
};

/**
 * The API's stable codes for refused releases (HTTP status beside each), so scripts can branch on
 * them and the UI can explain them. `alias_changed` carries `details` of the alias's current state.
 */
export const RELEASE_ERROR_STATUS = {
  /** The version's verification is not `verified` (failed, unverified or running) and no force was given. */
  version_not_verified: 409,
  /** The version is still uploading or does not exist. */
  version_not_ready: 409,
  /** Someone else changed the alias since the caller read it: `details` says how it is now. */
  alias_changed: 409,
  /** A plain move or rollback of an alias with a canary running: promote or abort it first. */
  canary_in_progress: 409,
  /** Promote or abort of an alias that has no canary. */
  no_canary: 409,
  /** Rollback of an alias whose history has no earlier target (or it was deleted). */
  no_previous_target: 409,
  /** Warming the version failed on the endpoint: the alias was not moved. */
  warm_failed: 409,
  /** A force without the permission to force. */
  force_not_allowed: 403,
} as const;

/** `details` of an alias_changed error: the alias as it is now (version null: it no longer exists). */
export type AliasChangedDetails = { alias: string; version: number | null; canary?: CanaryView; by?: string; at?: string };
