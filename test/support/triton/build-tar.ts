import { gzipSync } from "node:zlib";

/**
 * A tar writer for fixtures and tests (Node only), able to write what no well-behaved tar
 * would: links, devices, `../` names, pax and GNU long-name overrides, lying sizes. Output is
 * deterministic (fixed mtime, uid 0) so regenerated fixtures diff cleanly.
 */
export interface TarItem {
  name: string;
  /** Default "file"; any other type flag character can be given as `flag`. */
  type?: "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo";
  flag?: string;
  data?: Uint8Array | string;
  /** Size written in the header when it must differ from the data's. */
  size?: number;
  linkname?: string;
  mode?: number;
  /** pax records written in an 'x' header just before this entry. */
  pax?: Record<string, string>;
  /** A GNU 'L' long-name entry just before this entry. */
  gnuLongName?: string;
}

const FLAGS = { file: "0", dir: "5", symlink: "2", hardlink: "1", char: "3", block: "4", fifo: "6" } as const;
const MTIME = 1_700_000_000; // fixed: regenerated fixtures are byte-identical
const enc = new TextEncoder();

export function buildTar(items: TarItem[], { endMarker = true }: { endMarker?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const item of items) {
    if (item.pax) {
      const body = enc.encode(Object.entries(item.pax).map(([k, v]) => paxRecord(k, v)).join(""));
      parts.push(header({ name: "PaxHeaders/entry", flag: "x", size: body.length }), padded(body));
    }
    if (item.gnuLongName !== undefined) {
      const body = enc.encode(item.gnuLongName + "\0");
      parts.push(header({ name: "././@LongLink", flag: "L", size: body.length }), padded(body));
    }
    const data = typeof item.data === "string" ? enc.encode(item.data) : (item.data ?? new Uint8Array(0));
    const flag = item.flag ?? FLAGS[item.type ?? "file"];
    parts.push(header({ name: item.name, flag, size: item.size ?? data.length, linkname: item.linkname, mode: item.mode ?? (flag === "5" ? 0o755 : 0o644) }));
    if (data.length) parts.push(padded(data));
  }
  if (endMarker) parts.push(new Uint8Array(1024));
  return concat(parts);
}

export function buildTarGz(items: TarItem[], options?: { endMarker?: boolean }): Uint8Array {
  return gzip(buildTar(items, options));
}

/** gzip with a fixed header (no mtime, OS "unix") so the output does not depend on the machine. */
export function gzip(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(gzipSync(bytes, { level: 9 }));
  out.set([0, 0, 0, 0], 4);
  out[9] = 3;
  return out;
}

/** One 512-byte ustar header block with a correct checksum. Names over 100 bytes go to the prefix field. */
export function header(h: { name: string; flag: string; size: number; linkname?: string; mode?: number }): Uint8Array {
  const b = new Uint8Array(512);
  let name = enc.encode(h.name);
  let prefix = new Uint8Array(0);
  if (name.length > 100) {
    const cut = h.name.lastIndexOf("/", h.name.length - 1);
    prefix = enc.encode(h.name.slice(0, cut));
    name = enc.encode(h.name.slice(cut + 1));
    if (cut <= 0 || prefix.length > 155 || name.length > 100) throw new Error(`name too long for ustar: ${h.name}`);
  }
  b.set(name, 0);
  writeOctal(b, 100, 8, h.mode ?? 0o644);
  writeOctal(b, 108, 8, 0);
  writeOctal(b, 116, 8, 0);
  writeSize(b, h.size);
  writeOctal(b, 136, 12, MTIME);
  b[156] = h.flag.charCodeAt(0);
  b.set(enc.encode(h.linkname ?? "").subarray(0, 100), 157);
  b.set(enc.encode("ustar\x0000"), 257);
  b.set(enc.encode("root"), 265);
  b.set(enc.encode("root"), 297);
  b.set(prefix, 345);
  b.fill(0x20, 148, 156);
  const sum = b.reduce((a, x) => a + x, 0);
  writeOctal(b, 148, 7, sum);
  b[155] = 0x20;
  return b;
}

function writeOctal(b: Uint8Array, at: number, width: number, n: number) {
  b.set(enc.encode(n.toString(8).padStart(width - 1, "0") + "\0"), at);
}

/** Octal up to 8 GiB, GNU base-256 beyond (what GNU tar writes for huge files). */
function writeSize(b: Uint8Array, n: number) {
  if (n < 8 ** 11) return writeOctal(b, 124, 12, n);
  b[124] = 0x80;
  let v = n;
  for (let i = 135; i > 124; i--) {
    b[i] = v % 256;
    v = Math.floor(v / 256);
  }
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = enc.encode(body).length;
  // The length counts its own digits.
  let len = bodyLen + String(bodyLen).length;
  while (len !== bodyLen + String(len).length) len = bodyLen + String(len).length;
  return `${len}${body}`;
}

export function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
