import { describe, expect, it } from "vitest";
import { denseCalls } from "@/test/support/capacity/dense-calls";
import { buildMinuteTraffic } from "./minute-traffic";
import { placeMinutes, placeRequests, requestOffsets } from "./poisson-placement";
import { seededUint32 } from "./seeded-random";

const perMinute = [[3, 0, 1, 0], [0, 0, 2, 5], [1, 0, 0, 2]];
const models = [
  { name: "a", calls: { minute: [0, 2], count: [3, 1] } },
  { name: "b", calls: { minute: Uint32Array.from([2, 3]), count: Float64Array.from([2, 5]) } },
  // A minute CloudWatch reported as 0 is no request.
  { name: "c", calls: { minute: [0, 1, 3], count: [1, 0, 2] } },
];

describe("buildMinuteTraffic", () => {
  it("keeps only the minutes with requests, by minute", () => {
    const t = buildMinuteTraffic(models, 4);
    expect(t).toMatchObject({ models: 3, minutes: 4, totalRequests: 14 });
    expect([...t.start]).toEqual([0, 2, 2, 4, 6]);
    expect([...t.model]).toEqual([0, 2, 0, 1, 1, 2]);
    expect([...t.count]).toEqual([3, 1, 1, 2, 5, 2]);
  });

  it("rounds counts to whole requests", () => {
    const t = buildMinuteTraffic([{ name: "a", calls: { minute: [0, 1, 2], count: [0.4, 0.6, 2.5] } }], 3);
    expect([...t.count]).toEqual([1, 3]);
    expect(t.totalRequests).toBe(4);
  });

  it("refuses negative counts, minutes outside the range or out of order, and mismatched lists, naming the model", () => {
    const one = (minute: number[], count: number[], minutes = 4) => () => buildMinuteTraffic([models[0]!, { name: "bad", calls: { minute, count } }], minutes);
    expect(one([0], [-1])).toThrow("model bad has -1 requests in minute 0");
    expect(one([1], [NaN])).toThrow("model bad has NaN requests in minute 1");
    expect(one([4], [1])).toThrow("model bad: minute 4 is outside the range's 4 minutes");
    expect(one([-1], [1])).toThrow("model bad: minute -1 is outside the range's 4 minutes");
    expect(one([2, 1], [1, 1])).toThrow("model bad: minute 1 comes after minute 2 (minutes must ascend, each once)");
    expect(one([2, 2], [1, 1])).toThrow("model bad: minute 2 comes after minute 2");
    expect(one([0.5], [1])).toThrow("model bad: minute 0.5 comes after minute -1");
    expect(one([0, 1], [1])).toThrow("model bad has 2 minutes but 1 counts");
  });
});

describe("placeRequests", () => {
  const traffic = buildMinuteTraffic(models, 4);

  it("places each minute's exact count of each model within that minute, in time order", () => {
    const trace = placeRequests(traffic, 7);
    expect(trace.model.length).toBe(14);
    for (let i = 1; i < trace.atMs.length; i++) expect(trace.atMs[i]!).toBeGreaterThanOrEqual(trace.atMs[i - 1]!);
    const counts = models.map(() => [0, 0, 0, 0]);
    for (let i = 0; i < trace.model.length; i++) counts[trace.model[i]!]![Math.floor(trace.atMs[i]! / 60_000)]!++;
    expect(counts).toEqual(perMinute);
  });

  it("is reproducible from its seed, and another seed places differently", () => {
    const a = placeRequests(traffic, 7);
    const b = placeRequests(traffic, 7, { shared: true });
    expect([...b.model]).toEqual([...a.model]);
    expect([...b.atMs]).toEqual([...a.atMs]);
    expect(b.atMs.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...placeRequests(traffic, 8).atMs]).not.toEqual([...a.atMs]);
  });

  it("places the same trace when the minutes are split between workers", () => {
    const whole = placeRequests(traffic, 7);
    const split = { model: new Uint32Array(14), atMs: new Float64Array(14), minutes: 4 };
    placeMinutes(traffic, 7, split, 2, 4);
    placeMinutes(traffic, 7, split, 0, 2);
    expect([...split.model]).toEqual([...whole.model]);
    expect([...split.atMs]).toEqual([...whole.atMs]);
  });

  it("interleaves models within a minute, uniformly over it", () => {
    const busy = buildMinuteTraffic(
      [
        { name: "x", calls: { minute: [0], count: [5000] } },
        { name: "y", calls: { minute: [0], count: [5000] } },
      ],
      1,
    );
    const trace = placeRequests(busy, 1);
    let switches = 0;
    for (let i = 1; i < trace.model.length; i++) if (trace.model[i] !== trace.model[i - 1]) switches++;
    // Two random interleaved streams switch about half the time.
    expect(switches).toBeGreaterThan(4000);
    const firstHalf = trace.atMs.filter((t) => t < 30_000).length;
    expect(firstHalf).toBeGreaterThan(4700);
    expect(firstHalf).toBeLessThan(5300);
  });

  it("orders each minute exactly as sorting its keys would (the bucket sort changes nothing)", () => {
    // Minutes from empty to thousands of requests, some models asked many times in one minute.
    const random = seededUint32(3);
    const rows = Array.from({ length: 50 }, () => Float64Array.from({ length: 40 }, (_, t) => (random() % 4 === 0 ? random() % (t * 30 + 1) : 0)));
    const busy = buildMinuteTraffic(
      rows.map((counts, i) => ({ name: `m${i}`, calls: denseCalls(counts) })),
      40,
    );
    const trace = placeRequests(busy, 99);
    // The reference: every request's key (its 32 random bits, then its model), sorted natively.
    const offsets = requestOffsets(busy);
    for (let t = 0; t < busy.minutes; t++) {
      const next = seededUint32((99 ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0);
      const keys: number[] = [];
      for (let i = busy.start[t]!; i < busy.start[t + 1]!; i++) for (let c = busy.count[i]!; c > 0; c--) keys.push(next() * 2 ** 21 + busy.model[i]!);
      const sorted = Float64Array.from(keys).sort();
      const from = offsets[t]!;
      expect([...trace.model.subarray(from, from + keys.length)], `minute ${t}`).toEqual([...sorted].map((k) => k % 2 ** 21));
      expect([...trace.atMs.subarray(from, from + keys.length)]).toEqual([...sorted].map((k) => t * 60_000 + (Math.floor(k / 2 ** 21) / 2 ** 32) * 60_000));
    }
    expect(busy.totalRequests).toBeGreaterThan(5000);
  });
});
