/**
 * A strict CBOR (RFC 8949) decoder for the subset Smithy RPC v2 CBOR uses: integers, byte and
 * text strings, arrays, maps with text keys, floats (half, single, double), true, false, null,
 * undefined (read as null, as the protocol requires), tag 1 (epoch seconds, read as a Date), and
 * indefinite-length strings, arrays and maps. Request bodies are hostile input, so it refuses
 * rather than guesses: lengths past the end of the body, nesting deeper than a limit (recursion
 * would otherwise overflow the stack), duplicate or non-text map keys, invalid UTF-8, integers
 * beyond 2^53 (the engine has no member that needs them), other tags and simple values, and
 * bytes after the item. @smithy/core's codec, written for clients reading AWS's answers, does
 * none of these (a deep body overflows its stack, a `__proto__` key sets an object's prototype).
 */
export type CborValue = null | boolean | number | string | Uint8Array | Date | CborValue[] | CborMap;
export type CborMap = { [key: string]: CborValue };

export class CborDecodeError extends Error {}

export type CborDecodeOptions = {
  /** Arrays, maps and tags nested deeper than this are refused; CloudWatch's inputs nest about 7 deep. */
  maxDepth?: number;
};

const DEFAULT_MAX_DEPTH = 32;
const BREAK = Symbol("break");
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes exactly one data item filling `bytes`; throws CborDecodeError saying why not. */
export function decodeCbor(bytes: Uint8Array, options: CborDecodeOptions = {}): CborValue {
  const reader = new Reader(bytes, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const value = reader.item(0, false) as CborValue;
  if (reader.pos !== bytes.length) fail(`${bytes.length - reader.pos} bytes follow the data item`);
  return value;
}

function fail(reason: string): never {
  throw new CborDecodeError(reason);
}

class Reader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  item(depth: number, allowBreak: boolean): CborValue | typeof BREAK {
    const head = this.byte();
    const major = head >> 5;
    const minor = head & 0x1f;
    switch (major) {
      case 0:
        return this.argument(minor);
      case 1:
        return -1 - this.argument(minor);
      case 2:
        return concat(minor === 31 ? this.chunks(2) : [this.take(this.argument(minor))]);
      case 3:
        return (minor === 31 ? this.chunks(3) : [this.take(this.argument(minor))]).map(text).join("");
      case 4:
        return this.array(minor, this.deeper(depth));
      case 5:
        return this.map(minor, this.deeper(depth));
      case 6:
        return this.tag(minor, this.deeper(depth));
      default:
        return this.simple(minor, allowBreak);
    }
  }

  private deeper(depth: number): number {
    if (depth >= this.maxDepth) fail(`items nest deeper than ${this.maxDepth}`);
    return depth + 1;
  }

  private array(minor: number, depth: number): CborValue[] {
    const out: CborValue[] = [];
    if (minor === 31) {
      for (let v = this.item(depth, true); v !== BREAK; v = this.item(depth, true)) out.push(v);
      return out;
    }
    // Every element takes at least a byte: a count beyond the body is a lie, refused before any work.
    const count = this.count(this.argument(minor), 1);
    for (let i = 0; i < count; i++) out.push(this.item(depth, false) as CborValue);
    return out;
  }

  private map(minor: number, depth: number): CborMap {
    // No prototype: a `__proto__` key is an ordinary member, never an object's prototype.
    const out = Object.create(null) as CborMap;
    const entry = (key: CborValue) => {
      if (typeof key !== "string") fail("map keys must be text strings");
      if (Object.hasOwn(out, key)) fail(`map key "${key}" appears twice`);
      out[key] = this.item(depth, false) as CborValue;
    };
    if (minor === 31) {
      for (let k = this.item(depth, true); k !== BREAK; k = this.item(depth, true)) entry(k);
      return out;
    }
    const count = this.count(this.argument(minor), 2);
    for (let i = 0; i < count; i++) entry(this.item(depth, false) as CborValue);
    return out;
  }

  /** Only tag 1 (epoch-based date/time, in seconds) is part of the protocol's data model here. */
  private tag(minor: number, depth: number): Date {
    const tag = this.argument(minor);
    if (tag !== 1) fail(`tag ${tag} is not supported`);
    const seconds = this.item(depth, false);
    if (typeof seconds !== "number" || !Number.isFinite(seconds)) fail("tag 1 (epoch seconds) must hold a finite number");
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime())) fail("tag 1 (epoch seconds) is out of range");
    return date;
  }

  private simple(minor: number, allowBreak: boolean): CborValue | typeof BREAK {
    switch (minor) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:
        return null;
      case 25:
        return half(this.view.getUint16(this.advance(2)));
      case 26:
        return this.view.getFloat32(this.advance(4));
      case 27:
        return this.view.getFloat64(this.advance(8));
      case 31:
        if (allowBreak) return BREAK;
        return fail("a break code outside an indefinite-length item");
      default:
        return fail(`simple value ${minor} is not supported`);
    }
  }

  /** The chunks of an indefinite-length string: definite strings of the same major type, then a break. */
  private chunks(major: number): Uint8Array[] {
    const parts: Uint8Array[] = [];
    for (let head = this.byte(); head !== 0xff; head = this.byte()) {
      if (head >> 5 !== major || (head & 0x1f) === 31) fail("an indefinite-length string may hold only definite strings of its own type");
      parts.push(this.take(this.argument(head & 0x1f)));
    }
    return parts;
  }

  /** The argument of a head: in the low bits, or in the 1, 2, 4 or 8 bytes that follow. */
  private argument(minor: number): number {
    if (minor < 24) return minor;
    switch (minor) {
      case 24:
        return this.byte();
      case 25:
        return this.view.getUint16(this.advance(2));
      case 26:
        return this.view.getUint32(this.advance(4));
      case 27: {
        const at = this.advance(8);
        const high = this.view.getUint32(at);
        if (high > 0x1fffff) fail("an integer or length beyond 2^53");
        return high * 2 ** 32 + this.view.getUint32(at + 4);
      }
      default:
        return fail(`additional information ${minor} is not valid here`);
    }
  }

  private count(n: number, minBytesEach: number): number {
    if (n * minBytesEach > this.bytes.length - this.pos) fail(`a count of ${n} items runs past the end of the body`);
    return n;
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) fail("the body ends inside a data item");
    return this.bytes[this.pos++]!;
  }

  private take(length: number): Uint8Array {
    const at = this.advance(length);
    return this.bytes.subarray(at, at + length);
  }

  /** Moves past `n` bytes that must all be there; returns where they start. */
  private advance(n: number): number {
    if (n > this.bytes.length - this.pos) fail(`a length of ${n} runs past the end of the body`);
    const at = this.pos;
    this.pos += n;
    return at;
  }
}

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return fail("a text string is not valid UTF-8");
  }
}

/** A copy, so a decoded byte string never pins or aliases the request body. */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** IEEE 754 binary16, which CBOR encoders may use for small floats, infinities and NaN. */
function half(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const magnitude = exponent === 0 ? fraction * 2 ** -24 : exponent === 31 ? (fraction === 0 ? Infinity : NaN) : (fraction + 1024) * 2 ** (exponent - 25);
  return bits & 0x8000 ? -magnitude : magnitude;
}
