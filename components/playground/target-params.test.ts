import { describe, expect, it } from "vitest";
import { playgroundHref, refFromParam, targetFromSearchParams } from "./target-params";

describe("playground target in the URL", () => {
  it("reads a version in any of the forms people write it, and an alias", () => {
    expect(["v:3", "v3", "3"].map(refFromParam)).toEqual(["v:3", "v:3", "v:3"]);
    expect(refFromParam("production")).toBe("a:production");
    expect(refFromParam("a:v2")).toBe("a:v2");
    expect(["0", "Prod", "a:", "../x", ""].map(refFromParam)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("takes endpoint, model and ref (or version) from the search params", () => {
    expect(targetFromSearchParams({ endpoint: "e", model: "m", ref: "v2" })).toEqual({ endpoint: "e", model: "m", ref: "v:2" });
    expect(targetFromSearchParams({ endpoint: ["e", "f"], model: "m", version: "4" })).toEqual({ endpoint: "e", model: "m", ref: "v:4" });
    expect(targetFromSearchParams({})).toEqual({ endpoint: undefined, model: undefined, ref: undefined });
  });

  it("links back to what it reads", () => {
    for (const link of [
      { endpoint: "e", model: "m.onnx", version: 2 },
      { endpoint: "e", model: "m", alias: "production" },
      { endpoint: "e", model: "m", alias: "v2" },
    ]) {
      const q = Object.fromEntries(new URL(playgroundHref(link), "http://x").searchParams);
      expect(targetFromSearchParams(q)).toEqual({ endpoint: "e", model: link.model, ref: link.alias ? `a:${link.alias}` : `v:${link.version}` });
    }
    expect(playgroundHref({ endpoint: "e", model: "m", version: 2 })).toBe("/playground?endpoint=e&model=m&ref=v2");
  });
});
