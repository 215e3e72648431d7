"use client";

import { useId } from "react";
import { forceInput } from "@/lib/schemas/alias-release";
import { describeVerification } from "@/components/models/verification-chip";
import type { VersionView } from "@/lib/schemas/model-views";
import { inputClass } from "@/components/ui/field";

/** Whether an alias may go to a version: only verified versions, unless an admin forces it with a reason. */
export type VerificationGate = { open: true } | { open: false; sentence: string };

/** The server's rule (version_not_verified) said before the user presses anything. */
export function verificationGate(version: VersionView | undefined): VerificationGate {
  if (!version) return { open: false, sentence: "Pick a ready version." };
  const v = version.verification;
  const name = `v${version.version}`;
  if (v?.status === "verified") return { open: true };
  const rule = "Aliases move only to verified versions.";
  const d = describeVerification(v);
  if (d.tone === "running") return { open: false, sentence: `${name} is still being verified: wait for its check to finish. ${rule}` };
  if (v?.status === "failed") return { open: false, sentence: `${name} failed verification: ${v.error.replace(/\.?$/, ".")} ${rule}` };
  return { open: false, sentence: `${name} has not been verified (${d.detail.replace(/\.$/, "")}). ${rule} Verify it first.` };
}

/** An admin's decision to go past the gate: the reason is kept in the audit log and the alias history. */
export type ForceState = { chosen: boolean; reason: string };
export const NO_FORCE: ForceState = { chosen: false, reason: "" };

/** What a force reason lacks (the API's own rule), or undefined when it will do. */
export function forceReasonProblem(reason: string): string | undefined {
  const parsed = forceInput.safeParse({ reason });
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/**
 * Why the release cannot go ahead, in a sentence, and for those who may force it (models:force)
 * a way to: "Force…" opens a reason box.
 */
export function VerificationGateNotice({ gate, canForce, force, onForce }: { gate: VerificationGate; canForce: boolean; force: ForceState; onForce: (f: ForceState) => void }) {
  const reasonId = useId();
  const hintId = useId();
  if (gate.open) return null;
  const problem = force.reason === "" ? undefined : forceReasonProblem(force.reason);
  return (
    <div className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
      <p data-testid="release-blocked">{gate.sentence}</p>
      {canForce && !force.chosen && (
        <button type="button" className="w-fit text-sm font-medium underline" onClick={() => onForce({ chosen: true, reason: "" })} data-testid="force-open">
          Force…
        </button>
      )}
      {canForce && force.chosen && (
        <div className="flex flex-col gap-1">
          <label htmlFor={reasonId} className="font-medium">
            Why force it? (kept in the audit log)
          </label>
          <textarea
            id={reasonId}
            className={`${inputClass} min-h-20`}
            value={force.reason}
            onChange={(e) => onForce({ chosen: true, reason: e.target.value })}
            aria-invalid={problem !== undefined}
            aria-describedby={hintId}
            maxLength={500}
            data-testid="force-reason"
          />
          <p id={hintId} className={`text-xs ${problem ? "text-red-700" : "text-amber-800"}`}>
            {problem ?? "At least 10 characters."}
          </p>
          <button type="button" className="w-fit text-xs underline" onClick={() => onForce({ chosen: false, reason: "" })}>
            Don&apos;t force
          </button>
        </div>
      )}
    </div>
  );
}
