/**
 * JSON.stringify that prints bigint values as bare integers, so INT64/UINT64 tensors keep every
 * digit (JSON numbers have no size limit; only JavaScript's parser rounds them).
 */
export function stringifyWithBigInts(value: unknown): string {
  // The common case has no bigint, and a replacer function makes JSON.stringify several times slower.
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  const raw: string[] = [];
  // A random marker cannot collide with a string the caller wrote.
  const marker = `__bigint_${Math.random().toString(36).slice(2)}_`;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "bigint") return v;
    raw.push(v.toString());
    return `${marker}${raw.length - 1}`;
  });
  if (raw.length === 0) return text;
  return text.replace(new RegExp(`"${marker}(\\d+)"`, "g"), (_m, i: string) => raw[Number(i)]!);
}
