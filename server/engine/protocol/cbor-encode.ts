/**
 * A CBOR (RFC 8949) encoder for the engine's answers over Smithy RPC v2 CBOR: definite lengths,
 * integers in the smallest head that holds them (the protocol allows integral floats to travel as
 * integers), other numbers as single precision when that is exact and double otherwise (never
 * half, which the protocol advises against), Dates as tag 1 epoch seconds, Uint8Arrays as byte
 * strings. Members that are null or undefined are left out of maps, as the protocol requires of
 * absent values; a null inside an array stays (sparse lists).
 */
export function encodeCbor(value: unknown): Buffer {
  const writer = new Writer();
  writer.value(value);
  return writer.done();
}

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;

  done(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  value(v: unknown): void {
    if (v === null || v === undefined) return this.byte(0xf6);
    if (typeof v === "boolean") return this.byte(v ? 0xf5 : 0xf4);
    if (typeof v === "number") return this.number(v);
    if (typeof v === "bigint") return this.bigint(v);
    if (typeof v === "string") {
      const bytes = Buffer.from(v, "utf8");
      this.head(3, bytes.length);
      return this.bytes(bytes);
    }
    if (v instanceof Date) return this.date(v);
    if (v instanceof Uint8Array) {
      this.head(2, v.length);
      return this.bytes(v);
    }
    if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item);
      return;
    }
    if (typeof v === "object") {
      const entries = Object.entries(v).filter(([, member]) => member !== null && member !== undefined);
      this.head(5, entries.length);
      for (const [key, member] of entries) {
        this.value(key);
        this.value(member);
      }
      return;
    }
    throw new TypeError(`CBOR cannot encode a ${typeof v}`);
  }

  private number(n: number): void {
    if (Number.isSafeInteger(n) && !Object.is(n, -0)) return n >= 0 ? this.head(0, n) : this.head(1, -1 - n);
    if (Math.fround(n) === n || Number.isNaN(n)) {
      this.ensure(5);
      this.buf[this.len] = 0xfa;
      this.buf.writeFloatBE(n, this.len + 1);
      this.len += 5;
      return;
    }
    this.ensure(9);
    this.buf[this.len] = 0xfb;
    this.buf.writeDoubleBE(n, this.len + 1);
    this.len += 9;
  }

  private bigint(n: bigint): void {
    if (n >= -(2n ** 64n) && n < 2n ** 64n) return n >= 0n ? this.head(0, n) : this.head(1, -1n - n);
    throw new RangeError("CBOR cannot encode an integer beyond 64 bits without bignum tags");
  }

  /** Tag 1, epoch seconds: whole seconds as an integer, otherwise a double carrying the milliseconds. */
  private date(d: Date): void {
    const ms = d.getTime();
    if (Number.isNaN(ms)) throw new RangeError("CBOR cannot encode an invalid Date");
    this.byte(0xc1);
    if (ms % 1000 === 0) return this.number(ms / 1000);
    this.ensure(9);
    this.buf[this.len] = 0xfb;
    this.buf.writeDoubleBE(ms / 1000, this.len + 1);
    this.len += 9;
  }

  /** A major type with its argument in the smallest of the five head sizes. */
  private head(major: number, arg: number | bigint): void {
    const top = major << 5;
    this.ensure(9);
    if (typeof arg === "bigint" ? arg >= 0x100000000n : arg >= 0x100000000) {
      this.buf[this.len++] = top | 27;
      this.buf.writeBigUInt64BE(BigInt(arg), this.len);
      this.len += 8;
      return;
    }
    const n = Number(arg);
    if (n < 24) {
      this.buf[this.len++] = top | n;
    } else if (n < 0x100) {
      this.buf[this.len++] = top | 24;
      this.buf[this.len++] = n;
    } else if (n < 0x10000) {
      this.buf[this.len++] = top | 25;
      this.buf.writeUInt16BE(n, this.len);
      this.len += 2;
    } else {
      this.buf[this.len++] = top | 26;
      this.buf.writeUInt32BE(n, this.len);
      this.len += 4;
    }
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  private bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
