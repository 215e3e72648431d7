import { describe, expect, it } from "vitest";
import { latestFiring } from "./schedule-firing";

const created = new Date("2026-01-01T00:00:00Z");
const ms = (iso: string) => new Date(iso).getTime();
const fires = (action: { Schedule: string; Timezone?: string; StartTime?: Date; EndTime?: Date }, from: string, to: string) =>
  latestFiring({ CreationTime: created, ...action }, ms(from), ms(to));

describe("when a scheduled action fires", () => {
  it("at(): once, in UTC or the given time zone", () => {
    expect(fires({ Schedule: "at(2026-03-01T10:00:00)" }, "2026-03-01T09:59:59Z", "2026-03-01T10:00:00Z")).toBe(ms("2026-03-01T10:00:00Z"));
    expect(fires({ Schedule: "at(2026-03-01T10:00:00)" }, "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z")).toBeUndefined();
    expect(fires({ Schedule: "at(2026-07-01T10:00:00)", Timezone: "Europe/Paris" }, "2026-07-01T07:59:00Z", "2026-07-01T08:01:00Z")).toBe(ms("2026-07-01T08:00:00Z"));
    expect(fires({ Schedule: "at(2026-01-15T10:00:00)", Timezone: "Europe/Paris" }, "2026-01-15T08:59:00Z", "2026-01-15T09:01:00Z")).toBe(ms("2026-01-15T09:00:00Z"));
  });

  it("rate(): every interval from StartTime (and at it), else from creation", () => {
    expect(fires({ Schedule: "rate(5 minutes)" }, "2026-01-01T00:04:00Z", "2026-01-01T00:05:00Z")).toBe(ms("2026-01-01T00:05:00Z"));
    expect(fires({ Schedule: "rate(5 minutes)" }, "2026-01-01T00:05:00Z", "2026-01-01T00:09:59Z")).toBeUndefined();
    const StartTime = new Date("2026-02-01T12:00:00Z");
    expect(fires({ Schedule: "rate(1 hour)", StartTime }, "2026-02-01T11:59:00Z", "2026-02-01T12:00:00Z")).toBe(StartTime.getTime());
    expect(fires({ Schedule: "rate(1 hour)", StartTime }, "2026-02-01T12:30:00Z", "2026-02-01T15:30:00Z")).toBe(ms("2026-02-01T15:00:00Z"));
    expect(fires({ Schedule: "rate(1 day)", StartTime, EndTime: new Date("2026-02-02T00:00:00Z") }, "2026-02-02T11:00:00Z", "2026-02-02T13:00:00Z")).toBeUndefined();
  });

  it("cron(): at the matching minutes, days of week counted from Sunday = 1, in the time zone", () => {
    // 2026-03-02 is a Monday.
    const weekdays6pm = { Schedule: "cron(0 18 ? * MON-FRI *)" };
    expect(fires(weekdays6pm, "2026-03-02T17:59:30Z", "2026-03-02T18:00:30Z")).toBe(ms("2026-03-02T18:00:00Z"));
    expect(fires(weekdays6pm, "2026-03-01T17:59:30Z", "2026-03-01T18:00:30Z")).toBeUndefined();
    expect(fires({ Schedule: "cron(0 18 ? * 2 *)" }, "2026-03-02T17:59:30Z", "2026-03-02T18:00:30Z")).toBe(ms("2026-03-02T18:00:00Z"));
    expect(fires({ Schedule: "cron(0 18 ? * MON-FRI *)", Timezone: "America/New_York" }, "2026-03-02T22:59:00Z", "2026-03-02T23:00:00Z")).toBe(ms("2026-03-02T23:00:00Z"));
    expect(fires({ Schedule: "cron(*/15 * 1 * ? 2026)" }, "2026-03-01T00:16:00Z", "2026-03-01T00:44:00Z")).toBe(ms("2026-03-01T00:30:00Z"));
  });

  it("recurring schedules only between StartTime and EndTime", () => {
    const schedule = { Schedule: "cron(0 * * * ? *)", StartTime: new Date("2026-03-01T10:30:00Z"), EndTime: new Date("2026-03-01T12:30:00Z") };
    expect(fires(schedule, "2026-03-01T09:59:00Z", "2026-03-01T10:01:00Z")).toBeUndefined();
    expect(fires(schedule, "2026-03-01T10:59:00Z", "2026-03-01T11:01:00Z")).toBe(ms("2026-03-01T11:00:00Z"));
    expect(fires(schedule, "2026-03-01T12:59:00Z", "2026-03-01T13:01:00Z")).toBeUndefined();
  });

  // The letters as EventBridge's cron documents them; every expression PutScheduledAction accepts fires.
  const on = (schedule: string, day: string) => fires({ Schedule: schedule }, `${day}T17:59:00Z`, `${day}T18:01:00Z`) === ms(`${day}T18:00:00Z`);
  it("cron() day-of-month L, LW and nW: the last day, the last weekday, the weekday nearest the day within its month", () => {
    expect(on("cron(0 18 L * ? *)", "2026-03-31")).toBe(true);
    expect(on("cron(0 18 L * ? *)", "2026-03-30")).toBe(false);
    expect(on("cron(0 18 LW * ? *)", "2026-02-27")).toBe(true); // Feb 28 2026 is a Saturday
    expect(on("cron(0 18 LW * ? *)", "2026-02-28")).toBe(false);
    expect(on("cron(0 18 15W * ? *)", "2026-03-16")).toBe(true); // Sunday the 15th: Monday
    expect(on("cron(0 18 15W * ? *)", "2026-03-15")).toBe(false);
    expect(on("cron(0 18 1W * ? *)", "2026-08-03")).toBe(true); // Saturday the 1st: Monday the 3rd, not July
    expect(on("cron(0 18 31W * ? *)", "2026-05-29")).toBe(true); // Sunday the 31st: Friday the 29th
  });

  it("cron() day-of-week L, nL and n#k: Saturday, the month's last such day, its k-th", () => {
    expect(on("cron(0 18 ? * L *)", "2026-03-07")).toBe(true);
    expect(on("cron(0 18 ? * 6L *)", "2026-03-27")).toBe(true); // the last Friday of March 2026
    expect(on("cron(0 18 ? * FRIL *)", "2026-03-20")).toBe(false);
    expect(on("cron(0 18 ? * 2#1 *)", "2026-03-02")).toBe(true); // its first Monday
    expect(on("cron(0 18 ? * MON#2 *)", "2026-03-02")).toBe(false);
    expect(on("cron(0 18 ? * MON#2 *)", "2026-03-09")).toBe(true);
  });

  it("what cannot be read never fires", () => {
    expect(fires({ Schedule: "at(2026-03-01T10:00:00)", Timezone: "Nowhere/Else" }, "2026-03-01T09:00:00Z", "2026-03-01T11:00:00Z")).toBeUndefined();
  });
});
