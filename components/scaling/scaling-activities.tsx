import { formatDateTime, formatRelative } from "@/lib/format";
import type { ScalingActivityView } from "@/lib/schemas/scaling";
import { Card } from "@/components/ui/card";

const TONE: Record<string, string> = {
  Successful: "bg-emerald-100 text-emerald-800",
  Failed: "bg-red-100 text-red-800",
  InProgress: "bg-amber-100 text-amber-800",
  Pending: "bg-amber-100 text-amber-800",
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Application Auto Scaling's activities for the variant, newest first: what it did, why (the cause), and how it ended. */
export function ScalingActivities({ activities, error }: { activities: readonly ScalingActivityView[]; error?: string }) {
  return (
    <Card title="Scaling activities">
      {error ? (
        <p className="text-sm text-slate-700" data-testid="activities-unavailable">
          The backend could not list scaling activities: {error}
        </p>
      ) : activities.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="no-activities">
          No scaling activity yet.
        </p>
      ) : (
        <ol className="flex flex-col divide-y divide-slate-100" data-testid="activities">
          {activities.map((a) => (
            <li key={a.id} className="flex flex-col gap-1 py-2 text-sm" data-testid="activity-row">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONE[a.status] ?? "bg-slate-100 text-slate-700"}`} data-testid="activity-status">
                  {a.status}
                </span>
                <span className="font-medium" data-testid="activity-description">
                  {a.description}
                </span>
                <span className="text-xs text-slate-500" title={formatDateTime(iso(a.start))}>
                  {formatRelative(iso(a.start))}
                  {a.end !== undefined && ` · took ${Math.max(0, Math.round((a.end - a.start) / 1000))} s`}
                </span>
              </div>
              <p className="text-xs text-slate-700 break-words" data-testid="activity-cause">
                <span className="font-medium">Cause:</span> {a.cause}
              </p>
              {a.statusMessage && <p className="text-xs text-slate-600 break-words">{a.statusMessage}</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
