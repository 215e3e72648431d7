import { describe, expect, it } from "vitest";
import { LoadQueue } from "./load-queue";
import { seededUint32 } from "./seeded-random";

describe("LoadQueue", () => {
  it("gives loads back earliest completion first, ties by model id, across growth and reuse", () => {
    const random = seededUint32(11);
    const q = new LoadQueue();
    const pending: [number, number][] = [];
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      if (random() % 3 !== 0) {
        // Loads complete within a few hundred ms of now; some at exactly the same time.
        const entry: [number, number] = [random() % 1000, now + (random() % 50) * 10];
        q.push(entry[0], entry[1]);
        pending.push(entry);
      } else if (pending.length > 0) {
        pending.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        expect(q.nextAt).toBe(pending[0]![1]);
        expect(q.pop()).toBe(pending.shift()![0]);
        now = Math.max(now, q.nextAt === Infinity ? now : now + 1);
      }
      expect(q.length).toBe(pending.length);
    }
    expect(new LoadQueue().nextAt).toBe(Infinity);
  });
});
