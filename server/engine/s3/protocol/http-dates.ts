/**
 * S3 keeps Last-Modified to the second: headers use the HTTP date form, XML documents ISO 8601
 * with `.000Z`, and conditional requests compare whole seconds.
 */
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

export const httpDate = (ms: number) => new Date(toSecond(ms)).toUTCString();

export const isoDate = (ms: number) => new Date(toSecond(ms)).toISOString();

/** Milliseconds of an HTTP date header, or undefined when it does not parse (S3 then ignores it). */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : toSecond(ms);
}

export const secondsOf = toSecond;
