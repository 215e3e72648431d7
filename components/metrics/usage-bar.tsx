import { formatBytes } from "@/lib/format-bytes";

/** Used against budget as a bar (SVG: a width needs no inline style), amber past 80 %, red past 95 %. */
export function UsageBar({ label, used, budget, testId }: { label: string; used: number; budget: number; testId?: string }) {
  const pct = budget > 0 ? Math.min(100, (used / budget) * 100) : 0;
  const tone = pct > 95 ? "fill-red-500" : pct > 80 ? "fill-amber-500" : "fill-sky-600";
  return (
    <div data-testid={testId}>
      <div className="flex justify-between text-xs text-slate-600">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="tabular-nums">
          {formatBytes(used)} of {formatBytes(budget)} ({used > 0 && pct < 0.1 ? "< 0.1" : pct.toFixed(pct < 10 ? 1 : 0)} %)
        </span>
      </div>
      <svg viewBox="0 0 100 4" preserveAspectRatio="none" className="mt-1 h-2 w-full rounded" role="img" aria-label={`${label}: ${pct.toFixed(0)} % of budget`}>
        <rect width={100} height={4} className="fill-slate-100" />
        <rect width={pct} height={4} className={tone} />
      </svg>
    </div>
  );
}
