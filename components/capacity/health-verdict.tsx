import type { CapacityHealthView } from "@/lib/schemas/capacity";

const VERDICT: Record<CapacityHealthView["verdict"], { label: string; tone: string }> = {
  healthy: { label: "Healthy", tone: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  tight: { label: "Tight", tone: "bg-amber-50 text-amber-900 ring-amber-200" },
  thrashing: { label: "Thrashing", tone: "bg-red-50 text-red-800 ring-red-200" },
  "no-traffic": { label: "No traffic", tone: "bg-slate-100 text-slate-700 ring-slate-200" },
};

/**
 * Whether the endpoint thrashes, in one line, from its own cache metrics over the range (not the
 * replay): a verdict chip, the sentence with the figures it went by, and what to change.
 */
export function HealthVerdict({ health }: { health: CapacityHealthView }) {
  const v = VERDICT[health.verdict];
  // The sentence opens with the verdict ("Thrashing: …"), which the chip already says.
  const sentence = health.sentence.startsWith(`${v.label}: `) ? upperFirst(health.sentence.slice(v.label.length + 2)) : health.sentence;
  return (
    <section className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm" data-testid="capacity-health" aria-label="Health">
      <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm text-slate-800">
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${v.tone}`} data-testid="health-verdict">
          {v.label}
        </span>
        <span className="min-w-0 flex-1 font-medium" data-testid="health-sentence">
          {sentence}
        </span>
      </p>
      {health.advice.length > 0 && (
        <ul className="ml-5 list-disc text-sm text-slate-700" data-testid="health-advice">
          {health.advice.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      <p className="text-xs text-slate-500">From the endpoint&apos;s own metrics over the range (ModelCacheHit, ModelUnloadingTime, LoadedModelCount), not from the replay.</p>
    </section>
  );
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
