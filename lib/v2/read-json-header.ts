import { jsonHeaderSizeOf } from "./content-type";
import { V2FormatError } from "./v2-format-error";

const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Splits a v2 body into its JSON object and the binary section after it, per the content type.
 * `what` names the body in messages ("request", "response").
 */
export function readJsonHeader(body: Uint8Array, contentType: string | null | undefined, what: string): { json: Record<string, unknown>; binary: Uint8Array } {
  const size = jsonHeaderSizeOf(contentType, body.byteLength);
  // Triton then reads the whole body as the one input's raw bytes (single-input models only).
  if (size === 0) throw new V2FormatError(`json-header-size=0 (the ${what} body as one input's raw bytes) is not supported by the local engine; send the JSON header first`);
  const end = size ?? body.byteLength;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8.decode(body.subarray(0, end)));
  } catch (e) {
    throw new V2FormatError(`failed to parse the ${what} JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new V2FormatError(`the ${what} JSON must be an object`);
  return { json: parsed as Record<string, unknown>, binary: body.subarray(end) };
}

/** Hands out consecutive slices of the binary section, in the order tensors claim them. */
export class BinaryCursor {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  take(label: string, size: unknown): Uint8Array {
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw new V2FormatError(`${label}: binary_data_size must be a non-negative integer`);
    if (this.at + size > this.bytes.byteLength) {
      throw new V2FormatError(`${label}: binary_data_size ${size} runs past the end of the ${this.what} body (${this.bytes.byteLength - this.at} bytes left)`);
    }
    const slice = this.bytes.subarray(this.at, this.at + size);
    this.at += size;
    return slice;
  }

  /** Bytes no tensor claimed mean the sizes and the body disagree. */
  finish(): void {
    const left = this.bytes.byteLength - this.at;
    if (left > 0) throw new V2FormatError(`${left} bytes of binary data in the ${this.what} are claimed by no tensor`);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
