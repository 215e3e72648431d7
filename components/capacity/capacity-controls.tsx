"use client";

import { useEffect, useState } from "react";
import { CAPACITY_RANGES, type CapacityRange } from "@/lib/schemas/capacity";
import type { CapacityTargets } from "@/components/capacity/capacity-settings";
import { parseNumberField } from "@/components/scaling/number-input";
import { Field, inputClass } from "@/components/ui/field";

/** A target is typed a keystroke at a time ("9", "95"): the replay waits until the typing stops. */
const APPLY_AFTER_MS = 600;

const RANGE_LABEL: Record<CapacityRange, string> = { "1h": "1 hour", "1d": "1 day", "1w": "1 week" };

/**
 * What the planner replays and the target it must meet. The range applies at once (one click);
 * the numbers apply on their own once they are valid and the typing has stopped, so there is no
 * Run button to forget, and a half-typed figure never starts a replay.
 */
export function CapacityControls({ range, targets, onRange, onTargets }: { range: CapacityRange; targets: CapacityTargets; onRange: (r: CapacityRange) => void; onTargets: (t: CapacityTargets) => void }) {
  // 0.9 shows as 90, not 90.00000000000001.
  const [hitText, setHitText] = useState(targets.targetHitRatio === undefined ? "" : String(Number((targets.targetHitRatio * 100).toFixed(4))));
  const [p99Text, setP99Text] = useState(targets.targetP99Ms === undefined ? "" : String(targets.targetP99Ms));
  const [maxText, setMaxText] = useState(String(targets.maxInstances));
  const { value, errors } = readTargets(hitText, p99Text, maxText);
  const typed = value && JSON.stringify(value);
  useEffect(() => {
    if (!typed) return;
    const timer = setTimeout(() => onTargets(JSON.parse(typed) as CapacityTargets), APPLY_AFTER_MS);
    return () => clearTimeout(timer);
  }, [typed, onTargets]);
  return (
    <section className="flex flex-wrap items-start gap-x-4 gap-y-3 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm" aria-label="Replay settings" data-testid="capacity-controls">
      <div className="flex flex-col gap-1.5">
        <span className="text-sm font-medium text-slate-800" id="capacity-range-label">
          Traffic of the last
        </span>
        <div className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm" role="group" aria-labelledby="capacity-range-label">
          {CAPACITY_RANGES.map((r) => (
            <button
              key={r}
              type="button"
              title={RANGE_LABEL[r]}
              aria-pressed={r === range}
              className={`border-r border-slate-200 px-3 py-2 last:border-r-0 ${r === range ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-50"}`}
              onClick={() => onRange(r)}
              data-testid={`capacity-range-${r}`}
            >
              {r}
            </button>
          ))}
        </div>
      </div>
      <div className="w-36">
        <Field label="Target hit ratio (%)" htmlFor="capacity-target-hit" error={errors.hit} hint="0: any">
          <input id="capacity-target-hit" className={inputClass} inputMode="decimal" value={hitText} onChange={(e) => setHitText(e.target.value)} aria-invalid={!!errors.hit} />
        </Field>
      </div>
      <div className="w-36">
        <Field label="Wait p99 under (ms)" htmlFor="capacity-target-p99" error={errors.p99} hint="Empty: any">
          <input id="capacity-target-p99" className={inputClass} inputMode="numeric" value={p99Text} onChange={(e) => setP99Text(e.target.value)} aria-invalid={!!errors.p99} />
        </Field>
      </div>
      <div className="w-36">
        <Field label="Max instances" htmlFor="capacity-max-instances" error={errors.max} hint="1 to 10 of each type">
          <input id="capacity-max-instances" className={inputClass} inputMode="numeric" value={maxText} onChange={(e) => setMaxText(e.target.value)} aria-invalid={!!errors.max} />
        </Field>
      </div>
    </section>
  );
}

/** The typed figures as the route's settings, or why each is refused (in the words lib/schemas/capacity.ts would use). */
function readTargets(hitText: string, p99Text: string, maxText: string): { value?: CapacityTargets; errors: { hit?: string; p99?: string; max?: string } } {
  const hit = parseNumberField(hitText);
  const p99 = parseNumberField(p99Text);
  const max = parseNumberField(maxText);
  const errors = {
    // Required: the route reads a missing target as its default (90 %), not as "any".
    hit: hit === undefined || !(hit >= 0 && hit <= 100) ? "A percentage from 0 to 100" : undefined,
    p99: p99 !== undefined && !(p99 >= 0 && p99 <= 3_600_000) ? "Milliseconds, up to an hour" : undefined,
    max: max === undefined || !(Number.isInteger(max) && max >= 1 && max <= 10) ? "A whole number from 1 to 10" : undefined,
  };
  if (errors.hit || errors.p99 || errors.max) return { errors };
  return { value: { targetHitRatio: hit! / 100, targetP99Ms: p99, maxInstances: max! }, errors };
}
