import type { WallClock } from "./zoned-time";

/**
 * Application Auto Scaling's cron, the one grammar the engine has for it: PutScheduledAction's
 * validation and the scaler's firing both read it from here, so an expression is accepted exactly
 * when it can fire. Six fields, `Minutes Hours Day-of-month Month Day-of-week Year`
 * (scheduled-scaling-using-cron-expressions.md, EventBridge's syntax): `*`, lists, ranges, steps,
 * month and day names; Day-of-week counts 1-7 from Sunday; exactly one of the two day fields is `?`.
 * The day fields' letters as EventBridge documents them: day-of-month `L` (last day), `LW` (last
 * weekday), `15W` (the weekday nearest the 15th, never leaving the month); day-of-week `L` (the
 * week's last day, Saturday), `6L` (the month's last Friday), `2#1` (its first Monday).
 */
export type CronExpression = { minutes: Set<number>; hours: Set<number>; days: DaySpec; months: Set<number>; weekdays: DaySpec; years: Set<number> };

type DaySpec =
  | { kind: "any" }
  | { kind: "set"; values: Set<number> }
  | { kind: "last-day" }
  | { kind: "last-weekday" }
  | { kind: "nearest-weekday"; day: number }
  | { kind: "last-of-month"; weekday: number }
  | { kind: "nth-of-month"; weekday: number; nth: number };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIELD_NAMES = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"];

/** The parsed expression (the text inside `cron(...)`), or why it is refused, in words. */
export function parseCron(body: string): { cron: CronExpression } | { problem: string } {
  const f = body.trim().split(/\s+/);
  if (f.length !== 6) return { problem: `cron() takes six fields (minutes hours day-of-month month day-of-week year), not ${f.length}` };
  const parsed = [field(f[0]!, 0, 59), field(f[1]!, 0, 23), dayOfMonth(f[2]!), field(f[3]!, 1, 12, MONTHS), dayOfWeek(f[4]!), field(f[5]!, 1970, 2199)];
  const bad = parsed.findIndex((p) => p === null);
  if (bad >= 0) return { problem: `cron()'s ${FIELD_NAMES[bad]} field "${f[bad]}" is not valid` };
  const [minutes, hours, days, months, weekdays, years] = parsed as [Set<number>, Set<number>, DaySpec, Set<number>, DaySpec, Set<number>];
  if ((days.kind === "any") === (weekdays.kind === "any")) return { problem: "cron() takes ? in exactly one of day-of-month and day-of-week" };
  return { cron: { minutes, hours, days, months, weekdays, years } };
}

export function cronMatches(c: CronExpression, t: WallClock): boolean {
  return c.minutes.has(t.minute) && c.hours.has(t.hour) && c.months.has(t.month) && c.years.has(t.year) && dayMatches(c.days, c.weekdays, t);
}

function dayMatches(days: DaySpec, weekdays: DaySpec, t: WallClock): boolean {
  const last = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  /** 1 = Sunday, as the day-of-week field counts. */
  const weekdayOf = (day: number) => ((((t.weekday + day - t.day) % 7) + 7) % 7) + 1;
  const isWeekday = (day: number) => weekdayOf(day) !== 1 && weekdayOf(day) !== 7;
  const spec = days.kind === "any" ? weekdays : days;
  switch (spec.kind) {
    case "any":
      return true;
    case "set":
      return spec.values.has(spec === days ? t.day : t.weekday + 1);
    case "last-day":
      return t.day === last;
    case "last-weekday": {
      let d = last;
      while (!isWeekday(d)) d--;
      return t.day === d;
    }
    case "nearest-weekday":
      return t.day === nearestWeekday(Math.min(spec.day, last), last, isWeekday);
    case "last-of-month":
      return t.weekday + 1 === spec.weekday && t.day + 7 > last;
    case "nth-of-month":
      return t.weekday + 1 === spec.weekday && Math.ceil(t.day / 7) === spec.nth;
  }
}

/** The weekday nearest `day` within its month: Saturday the 1st goes to Monday the 3rd, not back a month. */
function nearestWeekday(day: number, last: number, isWeekday: (d: number) => boolean): number {
  if (isWeekday(day)) return day;
  for (const d of [day - 1, day + 1, day - 2, day + 2]) if (d >= 1 && d <= last && isWeekday(d) && Math.abs(d - day) <= 2) return d;
  return day;
}

function dayOfMonth(text: string): DaySpec | null {
  const t = text.toUpperCase();
  if (t === "?") return { kind: "any" };
  if (t === "L") return { kind: "last-day" };
  if (t === "LW") return { kind: "last-weekday" };
  const w = /^(\d{1,2})W$/.exec(t);
  if (w) return Number(w[1]) >= 1 && Number(w[1]) <= 31 ? { kind: "nearest-weekday", day: Number(w[1]) } : null;
  const values = field(t, 1, 31);
  return values && { kind: "set", values };
}

function dayOfWeek(text: string): DaySpec | null {
  const t = text.toUpperCase();
  if (t === "?") return { kind: "any" };
  if (t === "L") return { kind: "set", values: new Set([7]) };
  const last = /^(\w+)L$/.exec(t);
  if (last) {
    const weekday = value(last[1]!, DAYS, 1);
    return weekday >= 1 && weekday <= 7 ? { kind: "last-of-month", weekday } : null;
  }
  const nth = /^(\w+)#(\d)$/.exec(t);
  if (nth) {
    const weekday = value(nth[1]!, DAYS, 1);
    const n = Number(nth[2]);
    return weekday >= 1 && weekday <= 7 && n >= 1 && n <= 5 ? { kind: "nth-of-month", weekday, nth: n } : null;
  }
  const values = field(t, 1, 7, DAYS);
  return values && { kind: "set", values };
}

/** A field's values (`*`, lists, ranges, `/` steps, names); null when it is not valid. */
function field(text: string, lo: number, hi: number, names?: string[]): Set<number> | null {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (extra !== undefined || range === undefined || (stepText !== undefined && !/^\d+$/.test(stepText))) return null;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return null;
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [lo, hi];
    else {
      const [a, b, more] = range.split("-");
      if (more !== undefined) return null;
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
