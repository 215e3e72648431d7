/**
 * One 512-byte tar header block: POSIX ustar (name prefix), GNU (base-256 sizes, no prefix) and
 * old v7 headers. pax records ('x'/'g') and GNU long names ('L'/'K') are entries of their own
 * whose data the reader applies to the next header.
 */
export interface TarHeader {
  name: string;
  mode: number;
  size: number;
  /** The type flag as a character; "0" also stands for the old NUL flag. */
  typeflag: string;
  linkname: string;
}

export const BLOCK = 512;

const utf8 = new TextDecoder("utf-8", { fatal: false });

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Parses a header block, or says why it is not one (bad checksum, bad number). */
export function parseTarHeader(block: Uint8Array): TarHeader | { error: string } {
  const stored = parseOctal(block.subarray(148, 156));
  if (stored === null) return { error: "the header checksum is not a number" };
  // The checksum is summed with its own field as spaces; some old tars summed signed bytes.
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += block[i]!;
    signed += block[i]! > 127 ? block[i]! - 256 : block[i]!;
  }
  if (stored !== unsigned && stored !== signed) return { error: "the header checksum does not match" };

  const size = parseNumber(block.subarray(124, 136));
  if (size === null) return { error: "the size field is not a valid number" };
  const flag = block[156]!;
  const magic = text(block.subarray(257, 263));
  const isUstar = magic === "ustar" && block[262] === 0; // POSIX "ustar\0"; GNU writes "ustar " and has no prefix field
  let name = text(block.subarray(0, 100));
  if (isUstar) {
    const prefix = text(block.subarray(345, 500));
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: parseOctal(block.subarray(100, 108)) ?? 0,
    size,
    typeflag: flag === 0 ? "0" : String.fromCharCode(flag),
    linkname: text(block.subarray(157, 257)),
  };
}

/** pax extended header records, `"<len> <key>=<value>\n"` each; later keys win. */
export function parsePaxRecords(data: Uint8Array): Map<string, string> | { error: string } {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // NUL padding after the last record
    let sp = pos;
    while (sp < data.length && sp - pos < 20 && data[sp]! >= 0x30 && data[sp]! <= 0x39) sp++;
    if (sp === pos || data[sp] !== 0x20) return { error: `a pax record at byte ${pos} has no length` };
    const len = Number(utf8.decode(data.subarray(pos, sp)));
    if (len < sp - pos + 3 || pos + len > data.length || data[pos + len - 1] !== 0x0a) return { error: `a pax record at byte ${pos} has a wrong length` };
    const record = utf8.decode(data.subarray(sp + 1, pos + len - 1));
    const eq = record.indexOf("=");
    if (eq <= 0) return { error: `a pax record at byte ${pos} has no key` };
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return records;
}

/** A text field, NUL-terminated unless it fills the field. */
function text(field: Uint8Array): string {
  const end = field.indexOf(0);
  return utf8.decode(field.subarray(0, end < 0 ? field.length : end));
}

/** Octal digits, padded with spaces or NULs; null when anything else is there. */
function parseOctal(field: Uint8Array): number | null {
  let s = "";
  for (const b of field) s += b === 0 ? " " : String.fromCharCode(b);
  s = s.trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) return null;
  const n = parseInt(s, 8);
  return Number.isSafeInteger(n) ? n : null;
}

/** Octal, or GNU base-256 (high bit set) for sizes of 8 GiB and more. Negative sizes are refused. */
function parseNumber(field: Uint8Array): number | null {
  if ((field[0]! & 0x80) === 0) return parseOctal(field);
  if (field[0] === 0xff) return null;
  let n = field[0]! & 0x7f;
  for (let i = 1; i < field.length; i++) {
    n = n * 256 + field[i]!;
    if (!Number.isSafeInteger(n)) return null;
  }
  return n;
}
