import type { WallClock } from "./zoned-time";

/**
 * Application Auto Scaling's cron: six fields, `Minutes Hours Day-of-month Month Day-of-week
 * Year` (scheduled-scaling-using-cron-expressions.md), with `*`, `?`, lists, ranges, steps, and
 * month and day names; Day-of-week counts 1-7 from Sunday, and one of the two day fields is `?`.
 * `L`, `W` and `#` are not evaluated by the engine: such an expression never fires here.
 */
export type CronExpression = { minutes: Set<number>; hours: Set<number>; days?: Set<number>; months: Set<number>; weekdays?: Set<number>; years: Set<number> };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The parsed expression, or undefined when the engine cannot evaluate it. */
export function parseCron(body: string): CronExpression | undefined {
  const f = body.trim().split(/\s+/);
  if (f.length !== 6) return undefined;
  const minutes = field(f[0]!, 0, 59);
  const hours = field(f[1]!, 0, 23);
  const days = f[2] === "?" ? undefined : field(f[2]!, 1, 31);
  const months = field(f[3]!, 1, 12, MONTHS);
  const weekdays = f[4] === "?" ? undefined : field(f[4]!, 1, 7, DAYS);
  const years = field(f[5]!, 1970, 2199);
  if (!minutes || !hours || !months || !years || days === null || weekdays === null) return undefined;
  return { minutes, hours, days, months, weekdays, years };
}

export function cronMatches(c: CronExpression, t: WallClock): boolean {
  const dayOk = (!c.days || c.days.has(t.day)) && (!c.weekdays || c.weekdays.has(t.weekday + 1));
  return c.minutes.has(t.minute) && c.hours.has(t.hour) && c.months.has(t.month) && c.years.has(t.year) && dayOk;
}

/** A field's values; null when it uses what the engine does not evaluate. */
function field(text: string, lo: number, hi: number, names?: string[]): Set<number> | null {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || range === undefined) return null;
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [lo, hi];
    else {
      const [a, b] = range.split("-");
      from = value(a!, names, lo);
      to = b === undefined ? (stepText === undefined ? from : hi) : value(b, names, lo);
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < lo || to > hi || from > to) return null;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, names: string[] | undefined, lo: number): number {
  const i = names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? i + lo : /^\d+$/.test(text) ? Number(text) : NaN;
}
