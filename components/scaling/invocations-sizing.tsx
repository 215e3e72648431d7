"use client";

import { useState } from "react";
import { AWS_SAFETY_FACTOR, targetFromPeakPerMinute, targetFromPeakRps } from "@/lib/scaling/invocations-target";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

const DOC = "https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling-loadtest.html";

/**
 * AWS's sizing formula for SageMakerVariantInvocationsPerInstance, shown and worked out: from this
 * endpoint's busiest minute per instance (already per minute: no × 60), or from the peak requests
 * per second a load test found.
 */
export function InvocationsSizing({ peakPerMinute, peakHours, onUse, canEdit }: { peakPerMinute?: number; peakHours: number; onUse: (target: number) => void; canEdit: boolean }) {
  const [rps, setRps] = useState("");
  const rpsValue = Number(rps);
  const fromRps = rps.trim() !== "" && rpsValue > 0 ? targetFromPeakRps(rpsValue) : undefined;
  const fromPeak = peakPerMinute !== undefined ? targetFromPeakPerMinute(peakPerMinute) : undefined;
  return (
    <div className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700" data-testid="invocations-sizing">
      <p>
        AWS sizes this target as{" "}
        <code className="rounded bg-white px-1 font-mono text-xs text-slate-900">SageMakerVariantInvocationsPerInstance = (MAX_RPS × SAFETY_FACTOR) × 60</code>, where MAX_RPS is the
        most requests per second one instance serves before latency rises, and recommends starting with a SAFETY_FACTOR of {AWS_SAFETY_FACTOR} (
        <a href={DOC} target="_blank" rel="noreferrer" className="underline">
          SageMaker: load testing your auto scaling configuration
        </a>
        ).
      </p>
      {fromPeak !== undefined ? (
        <p className="flex flex-wrap items-center gap-2" data-testid="sizing-measured">
          <span>
            Busiest minute of the last {peakHours} h: <strong>{formatCount(peakPerMinute!)}</strong> invocations per instance → {formatCount(peakPerMinute!)} × {AWS_SAFETY_FACTOR} ={" "}
            <strong data-testid="sizing-suggestion">{formatCount(fromPeak)}</strong>
          </span>
          {canEdit && fromPeak > 0 && (
            <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={() => onUse(fromPeak)} data-testid="use-measured-target">
              Use {formatCount(fromPeak)}
            </Button>
          )}
        </p>
      ) : (
        <p className="text-slate-600" data-testid="sizing-measured">
          No invocations in the last {peakHours} h to measure a peak from. A measured peak is what traffic reached, not what an instance can take: a load test tells the latter.
        </p>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-800">MAX_RPS from a load test (per instance)</span>
          <input type="number" min={0} step="any" className={`${inputClass} w-40`} value={rps} onChange={(e) => setRps(e.target.value)} data-testid="sizing-rps" />
        </label>
        {fromRps !== undefined && (
          <span className="pb-2">
            {formatCount(rpsValue)} × {AWS_SAFETY_FACTOR} × 60 = <strong>{formatCount(fromRps)}</strong>
          </span>
        )}
        {canEdit && fromRps !== undefined && fromRps > 0 && (
          <Button type="button" variant="secondary" className="mb-1 px-2 py-1 text-xs" onClick={() => onUse(fromRps)}>
            Use {formatCount(fromRps)}
          </Button>
        )}
      </div>
    </div>
  );
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);
}
