import "server-only";
import type { Verification } from "@/lib/model-registry";
import { verificationSentence } from "@/lib/model-verification";
import type { AuditResult } from "@/lib/schemas/audit";

/** The audit line of an on-demand check: its outcome ("verified v3: loaded in 1.2 s, ..."), or what was asked. */
export function versionVerified(version: number, done: { result: AuditResult; value?: Verification }): string {
  return done.value ? verificationSentence(version, done.value) : `verify v${version}`;
}
