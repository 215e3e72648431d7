import { describe, expect, it } from "vitest";
import { buildMinuteTraffic } from "./minute-traffic";
import { placeMinutes, placeRequests, requestOffsets } from "./poisson-placement";
import { seededUint32 } from "./seeded-random";

const models = [
  { name: "a", perMinute: [3, 0, 1, 0] },
  { name: "b", perMinute: [0, 0, 2, 5] },
  { name: "c", perMinute: Float64Array.from([1, 0, 0, 2]) },
];

describe("buildMinuteTraffic", () => {
  it("keeps only the minutes with requests, by minute", () => {
    const t = buildMinuteTraffic(models);
    expect(t).toMatchObject({ models: 3, minutes: 4, totalRequests: 14 });
    expect([...t.start]).toEqual([0, 2, 2, 4, 6]);
    expect([...t.model]).toEqual([0, 2, 0, 1, 1, 2]);
    expect([...t.count]).toEqual([3, 1, 1, 2, 5, 2]);
  });

  it("refuses ranges of different lengths and negative counts", () => {
    expect(() => buildMinuteTraffic([models[0]!, { name: "short", perMinute: [1] }])).toThrow("model short has 1 minutes of traffic, the others 4");
    expect(() => buildMinuteTraffic([{ name: "neg", perMinute: [-1] }])).toThrow("model neg has -1 requests in minute 0");
  });
});

describe("placeRequests", () => {
  const traffic = buildMinuteTraffic(models);

  it("places each minute's exact count of each model within that minute, in time order", () => {
    const trace = placeRequests(traffic, 7);
    expect(trace.model.length).toBe(14);
    for (let i = 1; i < trace.atMs.length; i++) expect(trace.atMs[i]!).toBeGreaterThanOrEqual(trace.atMs[i - 1]!);
    const counts = models.map(() => [0, 0, 0, 0]);
    for (let i = 0; i < trace.model.length; i++) counts[trace.model[i]!]![Math.floor(trace.atMs[i]! / 60_000)]!++;
    expect(counts).toEqual(models.map((m) => [...m.perMinute]));
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
    const busy = buildMinuteTraffic([
      { name: "x", perMinute: [5000] },
      { name: "y", perMinute: [5000] },
    ]);
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
    const perMinute = Array.from({ length: 50 }, () => Float64Array.from({ length: 40 }, (_, t) => (random() % 4 === 0 ? random() % (t * 30 + 1) : 0)));
    const busy = buildMinuteTraffic(perMinute.map((counts, i) => ({ name: `m${i}`, perMinute: counts })));
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
