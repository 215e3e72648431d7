"use client";

import type { VersionView } from "@/lib/schemas/model-views";
import { describeVerification, VerificationChip } from "@/components/models/verification-chip";

/** The versions list's cell: the chip, and below it what a person needs without hovering (the error sentence, why not checked). */
export function VersionVerification({ version }: { version: VersionView }) {
  const d = describeVerification(version.verification);
  return (
    <div className="flex max-w-72 flex-col items-start gap-0.5">
      <VerificationChip verification={version.verification} testId={`verification-${version.version}`} />
      {d.tone !== "verified" && (
        <span className="line-clamp-3 text-xs text-slate-600" title={d.detail} data-testid={`verification-detail-${version.version}`}>
          {d.detail}
        </span>
      )}
    </div>
  );
}
