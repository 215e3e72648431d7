"use client";

import { useMemo } from "react";
import { coldStartSentence, estimateColdStart } from "@/lib/scaling/cold-start-estimate";
import type { ScalingInsightsView } from "@/lib/schemas/scaling";

const seconds = (s?: number) => (s === undefined ? "—" : s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`);

/**
 * What a scale-out costs before it helps, which no console shows: a new multi-model instance
 * starts with an empty cache, so the models the traffic touches load again there.
 */
export function ColdStartNote({ insights }: { insights?: ScalingInsightsView }) {
  const c = insights?.coldStart;
  const estimate = useMemo(() => (c ? estimateColdStart(c) : undefined), [c]);
  return (
    <div className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="cold-start">
      <p className="font-medium">Cold starts on scale-out</p>
      {!c || !estimate ? (
        <p>Loading the endpoint&apos;s traffic…</p>
      ) : (
        <>
          <p data-testid="cold-start-sentence">{coldStartSentence(estimate)}</p>
          <p className="text-xs text-amber-900">
            The last hour&apos;s traffic touched {estimate.touched} distinct model{estimate.touched === 1 ? "" : "s"} (per-model Invocations, TargetModel dimension); each costs its measured
            ModelLoadingWaitTime (else download + load time; else the endpoint&apos;s average, {seconds(c.endpointLoadSeconds)}), weighed by the chance that one of its requests reaches the new
            instance in its first {estimate.minutes} minutes with traffic spread over {c.instances + 1} instances.
          </p>
          {c.models.length > 0 && (
            <details className="text-xs">
              <summary className="w-fit cursor-pointer font-medium underline-offset-2 hover:underline">Models touched in the last hour</summary>
              <table className="mt-2 w-full text-left">
                <thead>
                  <tr className="text-amber-900">
                    <th className="py-1 pr-3 font-medium">Target model</th>
                    <th className="py-1 pr-3 font-medium">Requests</th>
                    <th className="py-1 font-medium">Cold wait</th>
                  </tr>
                </thead>
                <tbody>
                  {c.models.slice(0, 20).map((m) => (
                    <tr key={m.targetModel}>
                      <td className="py-0.5 pr-3 font-mono break-all">{m.targetModel}</td>
                      <td className="py-0.5 pr-3 tabular-nums">{m.invocationsLastHour}</td>
                      <td className="py-0.5 tabular-nums">{seconds(m.loadSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {c.models.length > 20 && <p className="mt-1">and {c.models.length - 20} more.</p>}
            </details>
          )}
        </>
      )}
    </div>
  );
}
