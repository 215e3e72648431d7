import { describe, expect, it } from "vitest";
import { alignStart, choosePeriod, latestWindow, MAX_POINTS, minimumPeriod, wholeRangePeriod } from "./choose-period";
import { RANGE_PRESETS, resolveRange } from "./time-range";

const NOW = Date.parse("2026-12-03T12:00:00Z");
const H = 3_600_000;

describe("choosePeriod", () => {
  it("gives each preset between 60 and 360 buckets with CloudWatch's allowed periods (high-resolution data)", () => {
    const got = Object.fromEntries(
      Object.keys(RANGE_PRESETS).map((p) => {
        const { start, end } = resolveRange({ preset: p as keyof typeof RANGE_PRESETS }, NOW);
        const period = choosePeriod(start, end, NOW, 1);
        const points = (end - start) / 1000 / period;
        expect(points, p).toBeGreaterThanOrEqual(60);
        expect(points, p).toBeLessThanOrEqual(MAX_POINTS);
        expect(period < 60 ? [1, 5, 10, 30].includes(period) : period % 60 === 0, p).toBe(true);
        return [p, period];
      }),
    );
    expect(got).toEqual({ "1h": 10, "3h": 60, "12h": 120, "1d": 300, "1w": 1800 });
  });

  it("uses sub-minute periods only for windows starting within the last 3 hours", () => {
    expect(choosePeriod(NOW - 10 * 60_000, NOW, NOW, 1)).toBe(5);
    expect(choosePeriod(NOW - 5 * H, NOW - 5 * H + 10 * 60_000, NOW, 1)).toBe(60);
  });

  it("coarsens old windows to what CloudWatch still keeps, and very long ones to whole days", () => {
    expect(minimumPeriod(NOW - 20 * 24 * H, NOW, 1)).toBe(300);
    expect(minimumPeriod(NOW - 100 * 24 * H, NOW, 60)).toBe(3600);
    expect(choosePeriod(NOW - 100 * 24 * H, NOW - 100 * 24 * H + 2 * H, NOW, 1)).toBe(3600);
    const year = choosePeriod(NOW - 400 * 24 * H, NOW, NOW, 60);
    expect(year % 86_400).toBe(0);
    expect((400 * 86_400) / year).toBeLessThanOrEqual(MAX_POINTS);
  });

  it("never goes under a minute for standard-resolution data (SageMaker's on AWS, the console's per-model series)", () => {
    const got = Object.fromEntries(
      Object.keys(RANGE_PRESETS).map((p) => {
        const { start, end } = resolveRange({ preset: p as keyof typeof RANGE_PRESETS }, NOW);
        const period = choosePeriod(start, end, NOW, 60);
        expect(period % 60, p).toBe(0);
        expect((end - start) / 1000 / period, p).toBeLessThanOrEqual(MAX_POINTS);
        return [p, period];
      }),
    );
    expect(got).toEqual({ "1h": 60, "3h": 60, "12h": 120, "1d": 300, "1w": 1800 });
    // Custom windows of any length and age, the last 10 minutes included.
    for (const [start, end] of [
      [NOW - 10 * 60_000, NOW],
      [NOW - 2.5 * H, NOW],
      [NOW - 61 * 60_000, NOW - 60_000],
      [NOW - 30 * 24 * H, NOW - 29 * 24 * H],
    ] as const) {
      expect(choosePeriod(start, end, NOW, 60) % 60, `${(end - start) / 60_000} min`).toBe(0);
      expect(minimumPeriod(start, NOW, 60)).toBeGreaterThanOrEqual(60);
    }
  });

  it("covers a whole range with one bucket, a multiple of a minute", () => {
    expect(wholeRangePeriod(NOW - H, NOW, NOW)).toBe(3600);
    expect(wholeRangePeriod(NOW - 90_500, NOW, NOW)).toBe(120);
    expect(wholeRangePeriod(NOW - 20 * 24 * H - 1000, NOW - 20 * 24 * H + 60_000, NOW) % 300).toBe(0);
  });

  it("aligns a start down to the period", () => {
    expect(alignStart(Date.parse("2026-12-03T11:02:07Z"), 60)).toBe(Date.parse("2026-12-03T11:02:00Z"));
    expect(alignStart(Date.parse("2026-12-03T11:02:07Z"), 300)).toBe(Date.parse("2026-12-03T11:00:00Z"));
  });

  it("looks for a gauge's newest sample in the same last minutes whatever the range, so \"now\" reads the same on 1 h and 1 w", () => {
    const windows = (["1h", "1d", "1w"] as const).map((p) => latestWindow(resolveRange({ preset: p }, NOW), NOW, 1));
    expect(new Set(windows.map((w) => JSON.stringify(w))).size).toBe(1);
    expect(windows[0]).toEqual({ start: NOW - 5 * 60_000, end: NOW, period: 10 });
    expect(latestWindow(resolveRange({ preset: "1w" }, NOW), NOW, 60).period).toBe(60);
    // A range that ended long ago: the newest sample CloudWatch still keeps at its end.
    const old = latestWindow({ start: NOW - 30 * 24 * H, end: NOW - 20 * 24 * H }, NOW, 1);
    expect(old.period).toBe(300);
    expect(old.end).toBe(NOW - 20 * 24 * H);
  });
});
