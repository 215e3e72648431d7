import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTarGz, type TarEntry } from "./read-tar-gz";
import { ArchiveError } from "./tar/archive-error";
import { buildTar, buildTarGz, concat, gzip, header, padded } from "@/test/support/triton/build-tar";
import { bytesStream, FIXTURES } from "@/test/support/triton/streams";

/** Every entry's header and, for small files, its content as text. */
async function list(stream: ReadableStream<Uint8Array>) {
  const out: (TarEntry & { text?: string })[] = [];
  const reader = readTarGz(stream);
  for await (const e of reader.entries) {
    const { readContent, chunks, ...entry } = e;
    void chunks;
    out.push(e.type === "file" && e.size < 1000 ? { ...entry, text: new TextDecoder().decode(await readContent()) } : entry);
  }
  return { entries: out, stats: reader.stats };
}

async function failure(stream: ReadableStream<Uint8Array>): Promise<ArchiveError> {
  try {
    await list(stream);
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error("expected the archive to be refused");
}

describe("readTarGz", () => {
  it("reads a package written by GNU tar, with a File.stream() as a browser gives it", async () => {
    const bytes = readFileSync(`${FIXTURES}onnx-add.tar.gz`);
    const { entries, stats } = await list(new File([bytes], "onnx-add.tar.gz").stream());
    expect(entries.map((e) => [e.path, e.type, e.size])).toEqual([
      ["onnx-add/", "directory", 0],
      ["onnx-add/1/", "directory", 0],
      ["onnx-add/1/model.onnx", "file", 157],
      ["onnx-add/config.pbtxt", "file", 401],
    ]);
    expect(entries[3]!.text).toContain('name: "onnx-add"');
    expect(stats).toMatchObject({ compressedBytes: bytes.length, inflatedBytes: 4 * 512 + 2 * 512 + 1024, trailingData: false });
  });

  it("reads the same archive fed one byte at a time", async () => {
    const bytes = readFileSync(`${FIXTURES}onnx-two-versions.tar.gz`);
    const { entries } = await list(bytesStream(bytes, 1));
    expect(entries.map((e) => e.path)).toContain("onnx-two-versions/2/model.onnx");
  });

  it("applies ustar prefixes, pax path/size/linkpath and GNU long names", async () => {
    const longDir = `m/${"d".repeat(90)}/${"e".repeat(40)}`;
    const gnuName = `m/${"g".repeat(300)}`;
    const { entries } = await list(
      bytesStream(
        buildTarGz([
          { name: `${longDir}/file.txt`, data: "prefix" },
          { name: "m/short", pax: { path: `m/${"p".repeat(200)}.txt`, mtime: "1.5", "SCHILY.xattr.x": "y" }, data: "pax" },
          { name: gnuName.slice(0, 99), gnuLongName: gnuName, data: "gnu" },
          { name: "m/link", type: "symlink", pax: { linkpath: `/${"l".repeat(150)}` } },
        ]),
      ),
    );
    expect(entries.map((e) => [e.path, e.text ?? e.linkTarget])).toEqual([
      [`${longDir}/file.txt`, "prefix"],
      [`m/${"p".repeat(200)}.txt`, "pax"],
      [gnuName, "gnu"],
      ["m/link", `/${"l".repeat(150)}`],
    ]);
  });

  it("takes the size from a pax header over the ustar field", async () => {
    const data = new TextEncoder().encode("twelve bytes");
    const tar = concat([header({ name: "PaxHeaders/x", flag: "x", size: 12 }), padded(new TextEncoder().encode("11 size=12\n")), header({ name: "m/f", flag: "0", size: 0 }), padded(data), new Uint8Array(1024)]);
    const { entries } = await list(bytesStream(gzip(tar)));
    expect(entries).toMatchObject([{ path: "m/f", size: 12, text: "twelve bytes" }]);
  });

  it("reads GNU base-256 sizes and refuses to read past the end", async () => {
    const h = header({ name: "m/huge", flag: "0", size: 20 * 2 ** 40 });
    const e = await failure(bytesStream(gzip(h)));
    expect(e.code).toBe("truncated");
  });

  it("yields headers before data, so a caller can stop without inflating the rest", async () => {
    const reader = readTarGz(bytesStream(buildTarGz([{ name: "m/a", data: "a" }, { name: "m/b", data: new Uint8Array(1 << 20) }, { name: "m/c", data: "c" }]), 1024));
    const seen: string[] = [];
    for await (const e of reader.entries) {
      seen.push(e.path);
      if (e.path === "m/b") break;
    }
    expect(seen).toEqual(["m/a", "m/b"]);
    expect(reader.stats.inflatedBytes).toBeLessThan(64 * 1024);
  });

  it("streams a large entry's data in chunks", async () => {
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251);
    const reader = readTarGz(bytesStream(buildTarGz([{ name: "m/big", data: big }])));
    for await (const e of reader.entries) {
      const parts: Uint8Array[] = [];
      for await (const c of e.chunks()) parts.push(c.slice());
      expect(Buffer.from(concat(parts)).equals(big)).toBe(true); // toEqual on 300k elements is slow
    }
  });

  it.each([
    ["not gzip", new TextEncoder().encode("name: \"plain text\""), "not_gzip"],
    ["an empty file", new Uint8Array(0), "empty"],
    ["gzip of nothing", gzip(new Uint8Array(0)), "empty"],
    ["gzip of text", gzip(new TextEncoder().encode("x".repeat(2000))), "not_tar"],
    ["a truncated gzip", buildTarGz([{ name: "m/a", data: "a".repeat(5000) }]).subarray(0, 60), "truncated"],
    ["a corrupt gzip", concat([gzip(buildTar([{ name: "m/a", data: "aaa" }])).subarray(0, 12), new Uint8Array(200).fill(0xff)]), "corrupt_gzip"],
    ["a tar cut inside an entry", gzip(buildTar([{ name: "m/a", data: "a".repeat(5000) }]).subarray(0, 1536)), "truncated"],
    ["a tar cut inside a header", gzip(buildTar([{ name: "m/a", data: "a" }]).subarray(0, 1300)), "truncated"],
    ["a corrupt second header", gzip(concat([buildTar([{ name: "m/a", data: "a" }], { endMarker: false }), new Uint8Array(512).fill(7)])), "bad_tar_header"],
    ["a malformed pax record", gzip(concat([header({ name: "x", flag: "x", size: 9 }), padded(new TextEncoder().encode("99 path=\n")), new Uint8Array(1024)])), "bad_tar_header"],
    ["a pax header bigger than 1 MiB", gzip(concat([header({ name: "x", flag: "x", size: 2 << 20 }), new Uint8Array(1024)])), "bad_tar_header"],
  ])("refuses %s with a clear code", async (_, bytes, code) => {
    const e = await failure(bytesStream(bytes));
    expect(e.code).toBe(code);
    expect(e.message).not.toMatch(/undefined/);
  });

  it("notes non-zero data after the end marker", async () => {
    const tar = concat([buildTar([{ name: "m/a", data: "a" }]), padded(new TextEncoder().encode("junk"))]);
    const { stats } = await list(bytesStream(gzip(tar)));
    expect(stats.trailingData).toBe(true);
  });
});
