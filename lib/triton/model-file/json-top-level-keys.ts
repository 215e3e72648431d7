/**
 * Reads a JSON file as it streams in, keeping only its top-level object's keys: an XGBoost
 * model can be hundreds of MiB, too much to JSON.parse in a browser tab. It checks the
 * structure a parser would need (one top-level object, brackets that match, strings that close,
 * nothing after the end) but not every token (a misplaced comma passes here; the backend's
 * parser reports it on load). Memory: the bracket stack and at most MAX_KEYS short keys.
 */

const MAX_KEYS = 64;
const MAX_KEY_CHARS = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

export type JsonTopLevel = { ok: true; keys: string[] } | { ok: false; problem: string };

export class JsonTopLevelWalker {
  private offset = 0;
  private started = false;
  private ended = false;
  private inString = false;
  private escaped = false;
  /** Open brackets, innermost last: "{" or "[". */
  private readonly stack: string[] = [];
  /** The last string read directly inside the top-level object: a key once a ":" follows. */
  private lastString: number[] = [];
  private readonly keys: string[] = [];
  private problem: string | null = null;

  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && this.problem === null; i++, this.offset++) {
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
        if (this.inString && this.stack.length === 1 && this.lastString.length < MAX_KEY_CHARS) this.lastString.push(b);
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      // A UTF-8 byte order mark before the first token (TextDecoder drops it, so the backend does too).
      if (!this.started && this.offset < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) continue;
      if (this.ended) return this.fail(`there is more after the top-level object (byte ${this.offset})`);
      if (!this.started) {
        if (b !== 0x7b) return this.fail(`it does not start with "{" (byte ${this.offset} is ${describeByte(b)})`);
        this.started = true;
      }
      if (b === 0x7b || b === 0x5b) this.stack.push(b === 0x7b ? "{" : "[");
      else if (b === 0x7d || b === 0x5d) {
        const open = this.stack.pop();
        const want = b === 0x7d ? "{" : "[";
        if (open !== want) return this.fail(`a "${String.fromCharCode(b)}" at byte ${this.offset} closes ${open ? `a "${open}"` : "nothing"}`);
        if (this.stack.length === 0) this.ended = true;
      } else if (b === QUOTE) {
        this.inString = true;
        if (this.stack.length === 1) this.lastString = [];
      } else if (b === COLON && this.stack.length === 1 && this.keys.length < MAX_KEYS) {
        this.keys.push(String.fromCharCode(...this.lastString));
      }
    }
  }

  finish(): JsonTopLevel {
    if (this.problem !== null) return { ok: false, problem: this.problem };
    if (!this.started) return { ok: false, problem: "it is empty" };
    if (!this.ended) return { ok: false, problem: `it ends before its top-level object closes (${this.inString ? "inside a string" : `${this.stack.length} brackets open`}): truncated?` };
    return { ok: true, keys: this.keys };
  }

  private fail(problem: string) {
    this.problem ??= problem;
  }
}

function describeByte(b: number): string {
  return b >= 0x21 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `0x${b.toString(16).padStart(2, "0")}`;
}
