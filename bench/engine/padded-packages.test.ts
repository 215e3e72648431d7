import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { checkTritonPackage } from "@/lib/triton/check-package";
import { accountedBytes, paddedPackage, paddingFor } from "./padded-packages";

describe("padded packages", () => {
  it("make accounted sizes 1x to 10x the plain package's", () => {
    const base = accountedBytes(0);
    for (let m = 1; m <= 10; m++) {
      const ratio = accountedBytes(paddingFor(m)) / base;
      expect(ratio).toBeGreaterThanOrEqual(m);
      expect(ratio).toBeLessThan(m + 1e-5);
    }
  });

  it("pass the package checker, padding counted in the version folder", async () => {
    const bytes = paddedPackage(paddingFor(10));
    const report = await checkTritonPackage(Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>, { compressedSize: bytes.byteLength });
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totalBytes).toBeGreaterThan(paddingFor(10));
  });
});
