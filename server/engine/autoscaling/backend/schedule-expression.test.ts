import { describe, expect, it } from "vitest";
import { isKnownTimezone, scheduleProblem } from "./schedule-expression";

/** The schedule forms of PutScheduledAction's reference, and EventBridge's cron field syntax. */
describe("scheduleProblem", () => {
  it.each([
    "at(2030-02-28T23:59:59)",
    "at(2032-02-29T00:00:00)",
    "rate(1 minute)",
    "rate(15 minutes)",
    "rate(2 hours)",
    "rate(1 day)",
    "cron(0 8 ? * MON-FRI *)",
    "cron(15 12 * * ? *)",
    "cron(0/15 * ? * * *)",
    "cron(0 18 L * ? *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 9 15W JAN,JUL ? 2030-2035)",
    "cron(30 23 ? * 6L *)",
    "cron(0 18 LW * ? *)",
    "cron(0 9 ? * MON#2 *)",
    "cron(0 9 ? * L *)",
  ])("accepts %s", (schedule) => {
    expect(scheduleProblem(schedule)).toBeUndefined();
  });

  it.each([
    ["at(2031-02-29T00:00:00)", /real date/],
    ["at(2030-01-01T24:00:00)", /real date/],
    ["at(2030-01-01)", /takes a date and time/],
    ["rate(0 days)", /positive whole number/],
    ["rate(1.5 hours)", /positive whole number/],
    ["rate(1 week)", /positive whole number/],
    ["cron(0 8 * *)", /six fields/],
    ["cron(0 8 ? * ? *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 24 ? * MON *)", /hours field "24"/],
    ["cron(0 8 32 * ? *)", /day-of-month field "32"/],
    ["cron(0 8 ? 13 MON *)", /month field "13"/],
    ["cron(0 8 ? * 8 *)", /day-of-week field "8"/],
    ["cron(0 8 ? * MON 1969)", /year field "1969"/],
    ["cron(0 8 ? * 2#6 *)", /day-of-week field "2#6"/],
    ["cron(0 8 32W * ? *)", /day-of-month field "32W"/],
    ["cron(0 8 L,1 * ? *)", /day-of-month field "L,1"/],
    ["cron(0 8-9-10 * * ? *)", /hours field "8-9-10"/],
    ["0 8 * * *", /a schedule is at\(/],
  ])("refuses %s", (schedule, why) => {
    expect(scheduleProblem(schedule)).toMatch(why);
  });
});

describe("isKnownTimezone", () => {
  it("knows IANA names, including Etc/GMT offsets, and nothing else", () => {
    expect(isKnownTimezone("Europe/Paris")).toBe(true);
    expect(isKnownTimezone("Etc/GMT+9")).toBe(true);
    expect(isKnownTimezone("Pacific/Tahiti")).toBe(true);
    expect(isKnownTimezone("Mars/Olympus")).toBe(false);
    expect(isKnownTimezone("")).toBe(false);
  });
});
