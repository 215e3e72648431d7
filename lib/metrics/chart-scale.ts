/** Axis ticks for the charts: round value steps, and time steps a person would pick. */

/**
 * About `count` round ticks from 0 to at least `max` (1, 2, 2.5 or 5 times a power of ten apart);
 * `integers` keeps steps whole (a count of 2 has no tick at 0.5).
 */
export function niceTicks(max: number, count = 4, integers = false): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = integers ? Math.max(1, max / count) : max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw && (!integers || Number.isInteger(s))) ?? 10 * mag;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 1e-9 || ticks.length < 2; i++) ticks.push(round(i * step));
  if (ticks[ticks.length - 1]! < max) ticks.push(round(ticks.length * step));
  return ticks;
}

function round(v: number): number {
  return Number(v.toPrecision(12));
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TIME_STEPS = [10_000, 15_000, 30_000, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

/** Tick times between start and end on round UTC boundaries, about `count` of them. */
export function timeTicks(startMs: number, endMs: number, count = 6): number[] {
  const span = endMs - startMs;
  if (!(span > 0)) return [];
  const step = TIME_STEPS.find((s) => span / s <= count) ?? Math.ceil(span / count / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(startMs / step) * step; t <= endMs; t += step) ticks.push(t);
  return ticks;
}

/** A tick's label in UTC, as the console writes times: "14:30", "14:30:10" between minutes, or "12-03" / "12-03 14:00" across days. */
export function formatTick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  const hm = t % MIN === 0 ? iso.slice(11, 16) : iso.slice(11, 19);
  const md = iso.slice(5, 10);
  if (spanMs <= DAY) return hm;
  return hm === "00:00" ? md : `${md} ${hm}`;
}

/** A value tick's label with as many decimals as the step between ticks needs (0.0025 stays 0.0025). */
export function formatValueTick(v: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const mag = Math.floor(Math.log10(step));
  const decimals = Math.max(0, -mag + (Number.isInteger(round(step / 10 ** mag)) ? 0 : 1));
  return v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
