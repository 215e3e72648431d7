import type { ReplayProgress } from "@/components/capacity/read-capacity-stream";

/**
 * The replay as it goes: before the first progress line the route is still reading the
 * endpoint's metrics; then configurations replayed of all. SVG, as the CSP allows no inline style.
 */
export function ReplayProgressBar({ progress }: { progress?: ReplayProgress }) {
  const pct = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  const label = progress ? `Replaying ${progress.done} of ${progress.total} configuration${progress.total === 1 ? "" : "s"}` : "Reading the endpoint's traffic…";
  return (
    <div className="flex flex-col gap-1" data-testid="replay-progress">
      <p className="text-sm text-slate-700" data-testid="replay-progress-label" aria-live="polite">
        {label}
      </p>
      <svg
        viewBox="0 0 100 4"
        preserveAspectRatio="none"
        className="h-2 w-full rounded"
        role="progressbar"
        aria-label="Replay"
        // No figures before the first line: an indeterminate bar.
        aria-valuemin={progress ? 0 : undefined}
        aria-valuemax={progress?.total}
        aria-valuenow={progress?.done}
      >
        <rect width={100} height={4} className="fill-slate-100" />
        {progress ? <rect width={pct} height={4} className="fill-sky-600" /> : <rect width={20} height={4} className="animate-pulse fill-sky-300" />}
      </svg>
    </div>
  );
}
