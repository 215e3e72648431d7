import { parseCron } from "./scaler/cron-expression";

/**
 * The three schedule forms PutScheduledAction takes (API reference): `at(yyyy-mm-ddThh:mm:ss)`,
 * `rate(value unit)` with unit minute(s), hour(s) or day(s), and `cron(...)` with six fields
 * (minutes hours day-of-month month day-of-week year) as in EventBridge, where one of the two day
 * fields must be `?` (the grammar is the scaler's own, scaler/cron-expression.ts: what is accepted can fire).
 * Returns why an expression is refused, or undefined when it is well formed.
 */
export function scheduleProblem(schedule: string): string | undefined {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule);
  if (at) return validAtTime(at.slice(1).map(Number)) ? undefined : "at() must name a real date and time, as yyyy-mm-ddThh:mm:ss";
  if (schedule.startsWith("at(")) return "at() takes a date and time as yyyy-mm-ddThh:mm:ss";
  if (schedule.startsWith("rate(")) {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
    return rate && Number(rate[1]) >= 1 ? undefined : "rate() takes a positive whole number and minute(s), hour(s) or day(s), as rate(5 minutes)";
  }
  const cron = /^cron\((.*)\)$/.exec(schedule);
  if (cron) return cronProblem(cron[1]!);
  return "a schedule is at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year)";
}

function validAtTime([y, mo, d, h, mi, s]: number[]): boolean {
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && h! < 24 && mi! < 60 && s! < 60;
}

function cronProblem(body: string): string | undefined {
  const parsed = parseCron(body);
  return "problem" in parsed ? parsed.problem : undefined;
}

/** IANA time zone names (AWS takes Joda-Time's, which are IANA's). */
export function isKnownTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
