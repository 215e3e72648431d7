import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTarGz, type TarItem } from "@/test/support/triton/build-tar";
import { bytesStream, fixtureStream, FIXTURES } from "@/test/support/triton/streams";
import { zeroBomb } from "@/test/support/triton/zero-bomb";
import { parseConfigPbtxt } from "../parse-config-pbtxt";
import { extractTritonPackage } from "./extract-package";

let sandbox: string;
let parent: string;

/** Every path under a folder, folders with a trailing slash, links marked: what "nothing written outside" is checked against. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name);
      const st = await lstat(p);
      const rel = relative(sandbox, p);
      if (st.isSymbolicLink()) out.push(`${rel} -> link`);
      else if (st.isDirectory()) {
        out.push(`${rel}/`);
        await walk(p);
      } else out.push(rel);
    }
  };
  await walk(dir);
  return out;
}

// Places a hostile archive could reach from the sandbox: checked before and after.
const OUTSIDE = ["/tmp/mme-escaped.txt", "/tmp/escaped.txt", join(tmpdir(), "escaped.txt")];

beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "mme-extract-"));
  parent = join(sandbox, "parent");
  await mkdir(parent);
  await writeFile(join(sandbox, "sentinel.txt"), "untouched");
});
afterEach(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

describe("extractTritonPackage", () => {
  it.each(["onnx-add", "onnx-two-versions", "xgboost-binary"])("extracts %s byte for byte into a fresh folder", async (name) => {
    const { report, dir, config } = await extractTritonPackage(fixtureStream(`${name}.tar.gz`), parent);
    expect(report.ok).toBe(true);
    expect(dir).not.toBeNull();
    // The config handed to the loader is the one on disk, parsed.
    expect(config).not.toBeNull();
    expect(config).toEqual(parseConfigPbtxt(await readFile(join(dir!, name, "config.pbtxt"), "utf8"), { folderName: name }).config);
    expect(relative(parent, dir!)).toMatch(/^package-[^/]+$/);
    const src = join(FIXTURES, "src", name);
    for (const file of ["config.pbtxt", ...report.versions.flatMap((v) => v.files.map((f) => `${v.version}/${f}`))]) {
      expect(await readFile(join(dir!, name, file))).toEqual(await readFile(join(src, file)));
    }
    const all = await tree(sandbox);
    expect(all.every((p) => p === "sentinel.txt" || p.startsWith("parent/"))).toBe(true);
    expect(all.filter((p) => p.includes("-> link"))).toEqual([]);
  });

  it("extracts two packages side by side without either touching the other", async () => {
    const a = await extractTritonPackage(fixtureStream("onnx-add.tar.gz"), parent);
    const b = await extractTritonPackage(fixtureStream("onnx-add.tar.gz"), parent);
    expect(a.dir).not.toEqual(b.dir);
    expect((await readdir(parent)).length).toBe(2);
  });

  const hostile = ["traversal", "absolute", "symlink", "hardlink", "char-device", "pax-path", "gnu-longname"];
  it.each(hostile)("writes nothing anywhere for hostile/%s", async (name) => {
    const existedBefore = OUTSIDE.filter((p) => existsSync(p));
    const { report, dir, config } = await extractTritonPackage(fixtureStream(`hostile/${name}.tar.gz`), parent);
    expect(config).toBeNull();
    expect(report.ok).toBe(false);
    expect(report.errors[0]!.entry).toBeDefined();
    expect(dir).toBeNull();
    // The legitimate entries before the hostile one were written, then removed with their folder.
    expect(await tree(sandbox)).toEqual(["parent/", "sentinel.txt"]);
    expect(await readFile(join(sandbox, "sentinel.txt"), "utf8")).toBe("untouched");
    expect(OUTSIDE.filter((p) => existsSync(p))).toEqual(existedBefore);
  });

  it.each(["config-syntax", "no-version", "wrong-filename", "two-folders", "unknown-dtype"])("removes what it wrote for broken/%s", async (name) => {
    const { report, dir } = await extractTritonPackage(fixtureStream(`broken/${name}.tar.gz`), parent);
    expect(report.ok).toBe(false);
    expect(dir).toBeNull();
    expect(await tree(sandbox)).toEqual(["parent/", "sentinel.txt"]);
  });

  it("refuses a traversal after many good files, leaving nothing", async () => {
    const items: TarItem[] = [
      { name: "m/config.pbtxt", data: `backend: "python"\ninput { name: "a" data_type: TYPE_FP32 dims: 1 }\noutput { name: "b" data_type: TYPE_FP32 dims: 1 }` },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `m/1/part-${i}.bin`, data: new Uint8Array(1000).fill(i) })),
      { name: "m/1/model.py", data: "x" },
      { name: "m/1/../../../escaped.txt", data: "escaped" },
    ];
    const { report, dir } = await extractTritonPackage(bytesStream(buildTarGz(items)), parent);
    expect(report.errors.map((e) => e.code)).toEqual(["unsafe_path"]);
    expect(dir).toBeNull();
    expect(await tree(sandbox)).toEqual(["parent/", "sentinel.txt"]);
  });

  it("stops a bomb a few MiB into writing it, and removes the partial file", async () => {
    const bomb = zeroBomb({ bytes: 3_000_000_000 });
    const { report, dir } = await extractTritonPackage(bomb.stream, parent);
    expect(report.errors.map((e) => e.code)).toEqual(["ratio_too_high"]);
    expect(report.inflatedBytes).toBeLessThan(32 * 1024 * 1024);
    expect(dir).toBeNull();
    expect(await tree(sandbox)).toEqual(["parent/", "sentinel.txt"]);
  });

  it("never writes through a symlink planted in the parent folder", async () => {
    // Someone else's link next to the extraction folder must not be followed: each extraction gets a new folder.
    const { symlink } = await import("node:fs/promises");
    await symlink("/tmp", join(parent, "onnx-add"));
    const { report, dir } = await extractTritonPackage(fixtureStream("onnx-add.tar.gz"), parent);
    expect(report.ok).toBe(true);
    expect(dir!.startsWith(parent)).toBe(true);
    expect((await lstat(join(dir!, "onnx-add"))).isDirectory()).toBe(true);
  });
});
