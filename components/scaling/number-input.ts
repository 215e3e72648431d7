/** A form's number field as typed: undefined when empty, NaN when not a number (the schema then says why in words). */
export function parseNumberField(text: string): number | undefined {
  const t = text.trim();
  return t === "" ? undefined : Number(t);
}
