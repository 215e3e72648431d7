/** A protobuf text format error at a 1-based line and column of the parsed text. */
export class PbtxtSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
    this.name = "PbtxtSyntaxError";
  }
}
