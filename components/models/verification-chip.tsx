"use client";

import { formatDateTime } from "@/lib/format";
import { formatMs, isVerificationRunning, outputShapes } from "@/lib/model-verification";
import type { VerificationView } from "@/lib/schemas/model-views";

const CHIP = "rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset";
const TONES = {
  verified: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
  running: "bg-sky-50 text-sky-800 ring-sky-600/20",
  unverified: "bg-slate-50 text-slate-700 ring-slate-500/20",
};

/** What a chip says of a check, and the rest for its hover title (and the versions list's line below it). */
export function describeVerification(v: VerificationView | undefined): { tone: keyof typeof TONES; label: string; loadTime?: string; detail: string } {
  if (!v) return { tone: "unverified", label: "unverified", detail: "Uploaded before versions were verified; press Verify to check it." };
  if (isVerificationRunning(v)) return { tone: "running", label: "verifying…", detail: "Loading and invoking it on the endpoint." };
  const when = `Checked ${formatDateTime(v.at)}.`;
  switch (v.status) {
    case "verified":
      return {
        tone: "verified",
        label: "verified",
        loadTime: formatMs(v.loadMs),
        detail: `${v.coldLoad === false ? "Already loaded; first call" : "Loaded"} in ${formatMs(v.loadMs)}, then answered in ${formatMs(v.latencyMs)}. Outputs ${outputShapes(v) || "none"}. ${when}`,
      };
    case "failed":
      return { tone: "failed", label: "failed", detail: v.error };
    case "unverified":
      return { tone: "unverified", label: "unverified", detail: v.running ? "The check did not finish; verify again." : v.reason };
  }
}

/** A version's verification as a chip; its details on hover. `compact` (a narrow table column) leaves the load time to them too. */
export function VerificationChip({ verification, compact = false, testId }: { verification: VerificationView | undefined; compact?: boolean; testId?: string }) {
  const d = describeVerification(verification);
  return (
    <span className={`${CHIP} ${TONES[d.tone]}`} title={d.detail} data-testid={testId} data-status={d.tone}>
      {d.loadTime && !compact ? `${d.label} · ${d.loadTime}` : d.label}
    </span>
  );
}
