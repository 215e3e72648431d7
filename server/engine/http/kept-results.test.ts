import { describe, expect, it } from "vitest";
import { KeptResults } from "./kept-results";

describe("KeptResults", () => {
  it("computes a key once while kept, drops the oldest when full, and never keeps a long key", () => {
    const made: string[] = [];
    const kept = new KeptResults<string>(2, 3);
    const upper = (k: string) => {
      made.push(k);
      return k.toUpperCase();
    };
    expect(kept.get("a", upper)).toBe("A");
    expect(kept.get("a", upper)).toBe("A");
    expect(kept.get("b", upper)).toBe("B");
    expect(kept.get("c", upper)).toBe("C"); // full: "a" goes
    expect(kept.get("b", upper)).toBe("B");
    expect(kept.get("a", upper)).toBe("A");
    expect(kept.get("long", upper)).toBe("LONG");
    expect(kept.get("long", upper)).toBe("LONG");
    expect(made).toEqual(["a", "b", "c", "a", "long", "long"]);
  });
});
