import { describe, expect, it } from "vitest";
import { checkTritonPackage } from "./check-package";
import { zeroBomb } from "@/test/support/triton/zero-bomb";

const MiB = 1024 * 1024;
const GB = 3_000_000_000;

// Figures are printed for the record; the assertions are on bytes, never on time.
function figures(label: string, r: { compressedBytes: number; inflatedBytes: number }, served: number) {
  console.log(`${label}: read ${served} compressed bytes from the source, ${r.compressedBytes} fed to the inflater, ${r.inflatedBytes} inflated`);
}

describe("a 3 GB zero-filled entry (about 3 MB compressed)", () => {
  it("is refused from its header when the archive size is known, before inflating any of it", async () => {
    const bomb = zeroBomb({ bytes: GB });
    const r = await checkTritonPackage(bomb.stream, { compressedSize: bomb.compressedSize });
    figures("known size", r, bomb.served());
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ code: "ratio_too_high", entry: "bomb/1/model.onnx", message: expect.stringMatching(/^bomb\/1\/model\.onnx declares 2\.79 GiB, more than 200 times the whole 2\.83 MiB archive/) }]);
    expect(r.inflatedBytes).toBeLessThan(1 * MiB);
    expect(bomb.served()).toBeLessThan(256 * 1024);
  });

  it("is refused by the running ratio when the size is not known, a few MiB in", async () => {
    const bomb = zeroBomb({ bytes: GB });
    const r = await checkTritonPackage(bomb.stream);
    figures("unknown size", r, bomb.served());
    expect(r.errors).toEqual([{ code: "ratio_too_high", entry: "bomb/1/model.onnx", message: expect.stringContaining("inflates more than 200:1") }]);
    expect(r.inflatedBytes).toBeLessThan(32 * MiB);
    expect(bomb.served()).toBeLessThan(256 * 1024);
  });

  it("is refused by the running ratio when its header lies about the size", async () => {
    const bomb = zeroBomb({ bytes: GB, declaredSize: 1000 });
    const r = await checkTritonPackage(bomb.stream, { compressedSize: bomb.compressedSize });
    figures("lying header", r, bomb.served());
    expect(r.errors.map((e) => e.code)).toEqual(["ratio_too_high"]);
    expect(r.inflatedBytes).toBeLessThan(32 * MiB);
  });

  it("is refused as too large when a higher ratio is allowed but not the size", async () => {
    const bomb = zeroBomb({ bytes: GB });
    const r = await checkTritonPackage(bomb.stream, { maxRatio: 1e6, maxEntryBytes: 1024 * MiB });
    expect(r.errors).toEqual([{ code: "entry_too_large", entry: "bomb/1/model.onnx", message: expect.stringContaining("more than the 1.00 GiB") }]);
    expect(r.inflatedBytes).toBeLessThan(1 * MiB);
  });
});

describe("the ratio guard's floor", () => {
  it("lets a small, very compressible package through", async () => {
    // 6 MiB of zeros compresses ~1000:1, but stays under the 8 MiB floor: tiny packages are not bombs.
    const small = zeroBomb({ name: "m/1/model.onnx", bytes: 6 * MiB });
    const r = await checkTritonPackage(small.stream, { compressedSize: small.compressedSize });
    expect(r.errors.map((e) => e.code)).toEqual(["no_config"]);
    expect(r.inflatedBytes).toBe(6 * MiB + 512 + 1024);
    expect(r.compressedBytes).toBe(small.compressedSize);
  });
});
