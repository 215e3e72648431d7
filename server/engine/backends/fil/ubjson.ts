/**
 * A Universal Binary JSON (UBJSON, draft 12) reader, enough for XGBoost's `xgboost.ubj`.
 *
 * Values: Z null, N no-op (skipped), T true, F false, i int8, U uint8, I int16, l int32,
 * L int64, d float32, D float64 (all big-endian), H high-precision number (a string), C char,
 * S string (an integer length, then UTF-8), [ array, { object (keys are length-prefixed strings
 * with no S marker). A container may be "optimized": `$` then a type, then `#` then a count, and
 * the elements carry no marker; or `#` and a count alone; without a count it ends at ] or }.
 *
 * Returns plain values: objects (null prototype), arrays, numbers, strings, booleans, null.
 * Optimized numeric arrays come back as typed arrays (Float32Array for `$d`, Int32Array for
 * `$l`, ...; `$L` as Float64Array), which is how XGBoost stores its node arrays. Every length
 * is checked against the bytes left, so a hostile count cannot force a huge allocation, and
 * nesting is limited, so it cannot overflow the stack.
 */

export class UbjsonError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = "UbjsonError";
  }
}

const MAX_DEPTH = 64;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Payload sizes of the fixed-size markers. */
const SIZES: Record<string, number> = { i: 1, U: 1, I: 2, l: 4, L: 8, d: 4, D: 8, C: 1, Z: 0, T: 0, F: 0 };

export function parseUbjson(bytes: Uint8Array): unknown {
  const r = new Reader(bytes);
  const value = r.value(0);
  r.skipNoops();
  if (r.pos !== bytes.length) throw new UbjsonError(`${bytes.length - r.pos} bytes after the top-level value`, r.pos);
  return value;
}

class Reader {
  pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  skipNoops(): void {
    while (this.pos < this.bytes.length && this.bytes[this.pos] === 0x4e /* N */) this.pos++;
  }

  private marker(): string {
    if (this.pos >= this.bytes.length) throw new UbjsonError("unexpected end of data", this.pos);
    return String.fromCharCode(this.bytes[this.pos++]!);
  }

  private need(n: number): void {
    if (n > this.bytes.length - this.pos) throw new UbjsonError(`needs ${n} bytes, ${this.bytes.length - this.pos} left`, this.pos);
  }

  value(depth: number): unknown {
    let m = this.marker();
    while (m === "N") m = this.marker();
    return this.payload(m, depth);
  }

  private payload(m: string, depth: number): unknown {
    switch (m) {
      case "Z":
        return null;
      case "T":
        return true;
      case "F":
        return false;
      case "i":
      case "U":
      case "I":
      case "l":
      case "L":
      case "d":
      case "D":
        return this.number(m);
      case "C":
        this.need(1);
        return String.fromCharCode(this.bytes[this.pos++]!);
      case "S":
        return this.string();
      case "H": {
        const s = this.string();
        const n = Number(s);
        if (s.trim() === "" || Number.isNaN(n)) throw new UbjsonError(`high-precision number "${s.slice(0, 40)}" is not a number`, this.pos);
        return n;
      }
      case "[":
        return this.array(depth + 1);
      case "{":
        return this.object(depth + 1);
      default:
        throw new UbjsonError(`unknown type marker 0x${m.charCodeAt(0).toString(16).padStart(2, "0")}`, this.pos - 1);
    }
  }

  private number(m: string): number {
    const size = SIZES[m]!;
    this.need(size);
    const p = this.pos;
    this.pos += size;
    switch (m) {
      case "i":
        return this.view.getInt8(p);
      case "U":
        return this.view.getUint8(p);
      case "I":
        return this.view.getInt16(p);
      case "l":
        return this.view.getInt32(p);
      case "L": {
        const big = this.view.getBigInt64(p);
        if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) throw new UbjsonError(`int64 ${big} does not fit a double exactly`, p);
        return Number(big);
      }
      case "d":
        return this.view.getFloat32(p);
      default:
        return this.view.getFloat64(p);
    }
  }

  /** A length or count: an integer marker and a non-negative value. */
  private length(): number {
    const m = this.marker();
    if (!"iUIlL".includes(m)) throw new UbjsonError(`a length must be an integer, found marker "${m}"`, this.pos - 1);
    const n = this.number(m);
    if (n < 0) throw new UbjsonError(`negative length ${n}`, this.pos);
    return n;
  }

  private string(): string {
    const n = this.length();
    this.need(n);
    const s = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return decoder.decode(s);
    } catch {
      throw new UbjsonError("a string is not valid UTF-8", this.pos - n);
    }
  }

  /** The optional `$type` and `#count` after [ or {. */
  private header(): { type: string | null; count: number | null } {
    let type: string | null = null;
    if (this.bytes[this.pos] === 0x24 /* $ */) {
      this.pos++;
      type = this.marker();
      if (!(type in SIZES) && type !== "S" && type !== "H" && type !== "[" && type !== "{") throw new UbjsonError(`unknown container type "${type}"`, this.pos - 1);
      if (this.bytes[this.pos] !== 0x23 /* # */) throw new UbjsonError("a typed container ($) must give a count (#)", this.pos);
    }
    let count: number | null = null;
    if (this.bytes[this.pos] === 0x23) {
      this.pos++;
      count = this.length();
      // Each element takes at least a byte, except markers without payload in a typed container.
      const min = type ? (SIZES[type] ?? 1) : 1;
      if (min > 0 && count > (this.bytes.length - this.pos) / min) throw new UbjsonError(`a count of ${count} is more than the data left can hold`, this.pos);
      if (min === 0 && count > 1 << 24) throw new UbjsonError(`a count of ${count} empty values is implausible`, this.pos);
    }
    return { type, count };
  }

  private array(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new UbjsonError(`nesting deeper than ${MAX_DEPTH}`, this.pos);
    const { type, count } = this.header();
    if (type !== null && count !== null) {
      const typed = this.typedArray(type, count);
      if (typed) return typed;
      const out: unknown[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = this.payload(type, depth);
      return out;
    }
    const out: unknown[] = [];
    if (count !== null) {
      for (let i = 0; i < count; i++) out.push(this.value(depth));
      return out;
    }
    for (;;) {
      this.skipNoops();
      if (this.bytes[this.pos] === 0x5d /* ] */) {
        this.pos++;
        return out;
      }
      out.push(this.value(depth));
    }
  }

  /** Reads `count` big-endian numbers of type `type` into a typed array (null when the type is not numeric). */
  private typedArray(type: string, count: number): ArrayLike<number> | null {
    const size = SIZES[type];
    if (size === undefined || size === 0 || type === "C") return null;
    this.need(count * size);
    const v = this.view;
    let p = this.pos;
    this.pos += count * size;
    switch (type) {
      case "U":
        return this.bytes.slice(p, p + count);
      case "i":
        return new Int8Array(this.bytes.slice(p, p + count).buffer);
      case "I": {
        const a = new Int16Array(count);
        for (let i = 0; i < count; i++, p += 2) a[i] = v.getInt16(p);
        return a;
      }
      case "l": {
        const a = new Int32Array(count);
        for (let i = 0; i < count; i++, p += 4) a[i] = v.getInt32(p);
        return a;
      }
      case "L": {
        const a = new Float64Array(count);
        for (let i = 0; i < count; i++, p += 8) {
          const big = v.getBigInt64(p);
          if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) throw new UbjsonError(`int64 ${big} does not fit a double exactly`, p);
          a[i] = Number(big);
        }
        return a;
      }
      case "d": {
        const a = new Float32Array(count);
        for (let i = 0; i < count; i++, p += 4) a[i] = v.getFloat32(p);
        return a;
      }
      default: {
        const a = new Float64Array(count);
        for (let i = 0; i < count; i++, p += 8) a[i] = v.getFloat64(p);
        return a;
      }
    }
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw new UbjsonError(`nesting deeper than ${MAX_DEPTH}`, this.pos);
    const { type, count } = this.header();
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const entry = () => {
      const key = this.string();
      out[key] = type !== null ? this.payload(type, depth) : this.value(depth);
    };
    if (count !== null) {
      for (let i = 0; i < count; i++) entry();
      return out;
    }
    for (;;) {
      this.skipNoops();
      if (this.bytes[this.pos] === 0x7d /* } */) {
        this.pos++;
        return out;
      }
      entry();
    }
  }
}
