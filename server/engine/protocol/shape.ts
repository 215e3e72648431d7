/**
 * A small description language for the members of AWS API inputs, with the constraints of the
 * service model (length, pattern, enum, range, required), so the engine rejects bad input with
 * AWS's own "N validation error(s) detected: ..." message before a backend sees it.
 * Only the members the engine understands are declared; unknown members are dropped, as an old
 * server ignores members a newer SDK sends.
 */
export type Shape =
  | { type: "string"; min?: number; max?: number; pattern?: string; enum?: readonly string[] }
  | { type: "integer"; min?: number; max?: number }
  | { type: "float"; min?: number; max?: number }
  | { type: "boolean" }
  | { type: "timestamp" }
  | { type: "structure"; members: Record<string, Member> }
  | { type: "list"; member: Shape; min?: number; max?: number }
  | { type: "map"; key: Shape; value: Shape; max?: number }
  /** A member stored and echoed as given (a structure the engine does not act on). */
  | { type: "document" };

export type Member = { shape: Shape; required: boolean };
type MemberInput = Shape | Member;

export const str = (c: Omit<Extract<Shape, { type: "string" }>, "type"> = {}): Shape => ({ type: "string", ...c });
export const int = (c: Omit<Extract<Shape, { type: "integer" }>, "type"> = {}): Shape => ({ type: "integer", ...c });
export const float = (c: Omit<Extract<Shape, { type: "float" }>, "type"> = {}): Shape => ({ type: "float", ...c });
export const bool = (): Shape => ({ type: "boolean" });
export const timestamp = (): Shape => ({ type: "timestamp" });
export const document = (): Shape => ({ type: "document" });
export const list = (member: Shape, c: { min?: number; max?: number } = {}): Shape => ({ type: "list", member, ...c });
export const map = (key: Shape, value: Shape, c: { max?: number } = {}): Shape => ({ type: "map", key, value, ...c });
export const required = (shape: Shape): Member => ({ shape, required: true });
export const struct = (members: Record<string, MemberInput>): Shape => ({
  type: "structure",
  members: Object.fromEntries(
    Object.entries(members).map(([name, m]) => [name, "shape" in m ? m : { shape: m, required: false }]),
  ),
});
