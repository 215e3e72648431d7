/**
 * The three schedule forms PutScheduledAction takes (API reference): `at(yyyy-mm-ddThh:mm:ss)`,
 * `rate(value unit)` with unit minute(s), hour(s) or day(s), and `cron(...)` with six fields
 * (minutes hours day-of-month month day-of-week year) as in EventBridge, where one of the two day
 * fields must be `?`. Only the form is checked here; when an action runs is the scaler's to decide.
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
  if (cron) return cronProblem(cron[1]!.trim().split(/\s+/));
  return "a schedule is at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year)";
}

function validAtTime([y, mo, d, h, mi, s]: number[]): boolean {
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && h! < 24 && mi! < 60 && s! < 60;
}

const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";
/** One field: `*`, or a comma list of values, ranges and `/` steps; day fields add their letters. */
const field = (value: string, extra = "") => new RegExp(`^(\\*(/\\d+)?|((${value})(-(${value}))?(/\\d+)?)(,((${value})(-(${value}))?(/\\d+)?))*${extra})$`, "i");
const CRON_FIELDS: readonly { name: string; re: RegExp }[] = [
  { name: "minutes", re: field("[0-5]?\\d") },
  { name: "hours", re: field("[01]?\\d|2[0-3]") },
  { name: "day-of-month", re: field("[1-9]|[12]\\d|3[01]", "|\\?|L|LW|([1-9]|[12]\\d|3[01])W") },
  { name: "month", re: field(`[1-9]|1[0-2]|${MONTHS}`) },
  { name: "day-of-week", re: field(`[1-7]|${DAYS}`, `|\\?|L|([1-7]|${DAYS})L|([1-7]|${DAYS})#[1-5]`) },
  { name: "year", re: field("19[7-9]\\d|2[01]\\d\\d") },
];

function cronProblem(fields: string[]): string | undefined {
  if (fields.length !== 6) return `cron() takes six fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  for (const [i, f] of CRON_FIELDS.entries()) {
    if (!f.re.test(fields[i]!)) return `cron()'s ${f.name} field "${fields[i]}" is not valid`;
  }
  if ((fields[2] === "?") === (fields[4] === "?")) return "cron() takes ? in exactly one of day-of-month and day-of-week";
  return undefined;
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
