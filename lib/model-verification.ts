import type { Verification } from "@/lib/model-registry";

/**
 * A check still marked running after this long was cut off (the console restarted mid-check):
 * it is shown as not verified, to be run again, and nobody waits on it.
 */
const RUNNING_GIVEN_UP_MS = 10 * 60_000;

export function isVerificationRunning(v: Verification | undefined, now: number = Date.now()): boolean {
  return v?.status === "unverified" && v.running === true && now - Date.parse(v.at) < RUNNING_GIVEN_UP_MS;
}

/** 840 ms, 1.2 s, 75 s: a load time or a latency as a person reads it. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** `OUTPUT0 [1, 4]`, one per output. */
export function outputShapes(v: Extract<Verification, { status: "verified" }>): string {
  return v.outputs.map((o) => `${o.name} [${o.shape.join(", ")}]`).join(", ");
}

/** The outcome in one line, for the audit log and the CLI: "verified v3: loaded in 1.2 s, answered in 8 ms". */
export function verificationSentence(version: number, v: Verification, now: number = Date.now()): string {
  switch (v.status) {
    case "verified":
      return `verified v${version}: ${v.coldLoad === false ? "already loaded, first call" : "loaded"} in ${formatMs(v.loadMs)}, answered in ${formatMs(v.latencyMs)}`;
    case "failed":
      return `v${version} failed verification: ${v.error}`;
    case "unverified":
      if (isVerificationRunning(v, now)) return `verifying v${version} (still running)`;
      return `v${version} not verified: ${v.running ? "the check did not finish; verify again" : v.reason}`;
  }
}
