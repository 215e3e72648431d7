import { cronMatches, parseCron } from "./cron-expression";
import { isKnownTimezone } from "../schedule-expression";
import { instantOf, wallClockAt } from "./zoned-time";

/** A scheduled action's timing, as PutScheduledAction stores it. */
export type ActionSchedule = { Schedule: string; Timezone?: string; StartTime?: Date; EndTime?: Date; CreationTime: Date };

const MINUTE_MS = 60_000;
/** A cron is checked minute by minute; a gap longer than this (a suspended laptop) is not replayed. */
const MAX_CRON_CATCH_UP_MS = 24 * 3600_000;
const RATE_UNITS: Record<string, number> = { minute: MINUTE_MS, minutes: MINUTE_MS, hour: 3600_000, hours: 3600_000, day: 86_400_000, days: 86_400_000 };

/**
 * The latest time in (fromMs, toMs] at which the action fires, or undefined. AWS's three forms
 * (application-auto-scaling-scheduled-scaling.md, PutScheduledAction's Schedule):
 * - `at(yyyy-mm-ddThh:mm:ss)`: once, in Timezone (UTC by default);
 * - `rate(value unit)`: every value minutes, hours or days from StartTime (performed at StartTime
 *   itself), else from the action's creation;
 * - `cron(fields)`: at every minute the fields match, in Timezone.
 * Recurring ones fire only between StartTime and EndTime, which are instants (UTC).
 */
export function latestFiring(action: ActionSchedule, fromMs: number, toMs: number): number | undefined {
  const timeZone = action.Timezone || "UTC";
  if (!isKnownTimezone(timeZone)) return undefined;
  const m = /^(at|rate|cron)\((.*)\)$/.exec(action.Schedule.trim());
  if (!m) return undefined;
  const [, kind, body] = m as unknown as [string, string, string];
  if (kind === "at") {
    const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
    if (!at) return undefined;
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const t = instantOf({ year, month, day, hour, minute, second }, timeZone);
    return t > fromMs && t <= toMs ? t : undefined;
  }
  const start = action.StartTime?.getTime() ?? -Infinity;
  const end = action.EndTime?.getTime() ?? Infinity;
  const from = Math.max(fromMs, start - 1);
  const to = Math.min(toMs, end);
  if (to <= from) return undefined;
  if (kind === "rate") {
    const r = /^(\d+)\s+(minutes?|hours?|days?)$/.exec(body.trim());
    if (!r || Number(r[1]) < 1) return undefined;
    const every = Number(r[1]) * RATE_UNITS[r[2]!]!;
    const origin = action.StartTime ? action.StartTime.getTime() : action.CreationTime.getTime() + every;
    if (to < origin) return undefined;
    const latest = origin + Math.floor((to - origin) / every) * every;
    return latest > from ? latest : undefined;
  }
  const parsed = parseCron(body);
  if ("problem" in parsed) return undefined;
  const cron = parsed.cron;
  const first = Math.max(Math.floor(from / MINUTE_MS) * MINUTE_MS + MINUTE_MS, to - MAX_CRON_CATCH_UP_MS);
  for (let t = Math.floor(to / MINUTE_MS) * MINUTE_MS; t >= first; t -= MINUTE_MS) {
    if (cronMatches(cron, wallClockAt(t, timeZone))) return t;
  }
  return undefined;
}
