import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkTritonPackage } from "./check-package";
import { PACKAGE_ERROR_CODES, type PackageReport } from "./package-report";
import { parseConfigPbtxt } from "./parse-config-pbtxt";
import { buildTar, gzip, type TarItem } from "@/test/support/triton/build-tar";
import { seededRandom } from "@/test/support/triton/seeded-random";
import { bytesStream, FIXTURES } from "@/test/support/triton/streams";

/**
 * Thousands of random and mutated archives: each must resolve, in time, to a well-formed report
 * (ok, or errors with known codes and never internal_error). Seeded, so a failure names a case
 * that reproduces.
 */
const CASES_PER_KIND = 500; // × 6 kinds = 3,000 archives
const PER_CASE_MS = 5_000;

const fixtures = ["onnx-add", "onnx-two-versions", "xgboost-binary", "broken/config-syntax", "hostile/pax-path", "hostile/gnu-longname"].map((n) => new Uint8Array(readFileSync(`${FIXTURES}${n}.tar.gz`))); // not Buffers: Buffer#slice shares memory
const tars = fixtures.map((f) => new Uint8Array(gunzipSync(f)));
const validConfig = readFileSync(`${FIXTURES}src/onnx-two-versions/config.pbtxt`, "utf8");
const known = new Set<string>(PACKAGE_ERROR_CODES.filter((c) => c !== "internal_error"));

async function expectWellFormed(bytes: Uint8Array, label: string, chunk: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${label}: no report after ${PER_CASE_MS} ms (hang)`)), PER_CASE_MS)));
  let r: PackageReport;
  try {
    r = await Promise.race([checkTritonPackage(bytesStream(bytes, chunk)), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const bad = r.errors.filter((e) => !known.has(e.code) || typeof e.message !== "string" || e.message.length === 0);
  if (bad.length > 0 || r.ok !== (r.errors.length === 0) || (r.ok && !r.modelName)) {
    throw new Error(`${label}: malformed report ${JSON.stringify(r).slice(0, 2000)}`);
  }
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  return r;
}

/** Random bit flips and byte overwrites, then (sometimes) header checksums fixed so the damage gets past them. */
function mutate(rand: ReturnType<typeof seededRandom>, bytes: Uint8Array, fixChecksums: boolean): Uint8Array {
  const out = bytes.slice();
  const n = 1 + rand.int(8);
  for (let i = 0; i < n; i++) {
    const at = rand.int(out.length);
    if (rand.next() < 0.5) out[at]! ^= 1 << rand.int(8);
    else out[at] = rand.int(256);
  }
  if (fixChecksums) {
    for (let block = 0; block + 512 <= out.length; block += 512) {
      const b = out.subarray(block, block + 512);
      if (!(b[257] === 0x75 && b[258] === 0x73)) continue; // "us" of "ustar": a header block
      b.fill(0x20, 148, 156);
      const sum = b.reduce((a, x) => a + x, 0);
      b.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
    }
  }
  return out;
}

const NAME_PARTS = ["m", "1", "2", "..", ".", "", "config.pbtxt", "model.onnx", "xgboost.json", "\\", "\0", "a".repeat(120), "/", "C:", "ü"];
function randomName(rand: ReturnType<typeof seededRandom>): string {
  return Array.from({ length: 1 + rand.int(5) }, () => rand.pick(NAME_PARTS)).join(rand.next() < 0.8 ? "/" : "");
}

const PBTXT_TOKENS = ["name", "platform", "backend", "input", "output", "dims", "data_type", "max_batch_size", ":", "{", "}", "[", "]", "<", ">", ",", ";", "-", "1", "-1", "0x10", "1.5e3", '"m"', "'x'", '"\\x41"', "TYPE_FP32", "TYPE_NOPE", "KIND_GPU", "#c\n", "\n", " ", "inf", "parameters", "key", "value", "string_value", "version_policy", "all", "latest", "instance_group", "reshape", "shape", '"unterminated'];
function randomPbtxt(rand: ReturnType<typeof seededRandom>): string {
  if (rand.next() < 0.5) return Array.from({ length: rand.int(60) }, () => rand.pick(PBTXT_TOKENS)).join(rand.pick([" ", "", "\n"]));
  // A valid config with characters deleted, inserted or replaced.
  let text = validConfig;
  for (let i = 0, n = 1 + rand.int(6); i < n; i++) {
    const at = rand.int(text.length);
    const op = rand.int(3);
    const ch = rand.pick(["{", "}", "[", "]", ":", '"', "'", "\\", "-", "#", "\n", "x", "9", ","]);
    text = op === 0 ? text.slice(0, at) + text.slice(at + 1) : op === 1 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + ch + text.slice(at + 1);
  }
  return text;
}

function randomItems(rand: ReturnType<typeof seededRandom>): TarItem[] {
  const items: TarItem[] = [];
  for (let i = 0, n = rand.int(8); i < n; i++) {
    // ustar names hold 100 bytes; longer ones travel in the pax and GNU long-name records below.
    const item: TarItem = { name: randomName(rand).slice(0, 50), flag: rand.pick(["0", "0", "0", "5", "5", "1", "2", "3", "4", "6", "7", "S", "V", "g", "x", "L", "K", "Z", "\0"]), data: rand.bytes(rand.int(1200)) };
    if (rand.next() < 0.15) item.size = rand.pick([0, 1, 511, 513, 1e6, 2 ** 33, 2 ** 45]);
    if (rand.next() < 0.15) item.pax = { [rand.pick(["path", "size", "linkpath", "GNU.sparse.major", "mtime", "x"])]: rand.pick([randomName(rand), "12", "-1", "99999999999999999999", ""]) };
    if (rand.next() < 0.1) item.gnuLongName = randomName(rand);
    if (rand.next() < 0.1) item.linkname = randomName(rand);
    items.push(item);
  }
  if (rand.next() < 0.5) items.push({ name: "m/config.pbtxt", data: randomPbtxt(rand) }, { name: "m/1/model.onnx", data: "x" });
  return items;
}

const chunkFor = (rand: ReturnType<typeof seededRandom>, length: number) => (length < 3000 && rand.next() < 0.2 ? 1 : rand.pick([7, 512, 4096, 65536]));

const kinds: Record<string, (rand: ReturnType<typeof seededRandom>) => Uint8Array> = {
  "random bytes": (rand) => {
    const bytes = rand.bytes(rand.int(3000));
    if (rand.next() < 0.5 && bytes.length >= 3) bytes.set([0x1f, 0x8b, 8], 0);
    return bytes;
  },
  "gzip of random bytes or a random tar": (rand) => (rand.next() < 0.3 ? gzip(rand.bytes(rand.int(5000))) : gzip(buildTar(randomItems(rand), { endMarker: rand.next() < 0.7 }))),
  "bit-flipped compressed fixtures": (rand) => mutate(rand, rand.pick(fixtures), false),
  "mutated tar inside good gzip": (rand) => gzip(mutate(rand, rand.pick(tars), rand.next() < 0.7)),
  "truncated fixtures": (rand) => {
    if (rand.next() < 0.5) {
      const f = rand.pick(fixtures);
      return f.subarray(0, rand.int(f.length));
    }
    const t = rand.pick(tars);
    return gzip(t.subarray(0, rand.int(t.length)));
  },
  "random config.pbtxt": (rand) => gzip(buildTar([{ name: "m/config.pbtxt", data: randomPbtxt(rand) }, { name: "m/1/model.onnx", data: "x" }, { name: "m/2/model.onnx", data: "x" }])),
};

describe("fuzz: every archive resolves to a well-formed report", () => {
  it.each(Object.keys(kinds))(
    `%s (${CASES_PER_KIND} cases)`,
    async (kind) => {
      const seed = [...kind].reduce((a, c) => a * 31 + c.charCodeAt(0), 7) >>> 0;
      const rand = seededRandom(seed);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < CASES_PER_KIND; i++) {
        const bytes = kinds[kind]!(rand);
        const r = await expectWellFormed(bytes, `${kind} #${i} (seed ${seed})`, chunkFor(rand, bytes.length));
        const key = r.ok ? "ok" : r.errors[0]!.code;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      // The mix shows the fuzzing reached past the first checks; printed, not asserted.
      console.log(`${kind}: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(", ")}`);
    },
    60_000,
  );

  it("parseConfigPbtxt never throws on 2,000 random texts", () => {
    const rand = seededRandom(20_240_601);
    for (let i = 0; i < 2000; i++) {
      const text = randomPbtxt(rand);
      const r = parseConfigPbtxt(text, { folderName: "m" });
      expect(r.config === null ? r.errors[0]?.kind : "parsed").toMatch(/syntax|parsed/);
      for (const e of [...r.errors, ...r.warnings]) expect(e.message).toMatch(/^config\.pbtxt(:\d+:\d+)?: /);
    }
  });
});
