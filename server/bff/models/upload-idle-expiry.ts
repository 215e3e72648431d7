import "server-only";

/**
 * How long an upload may go without a word from its browser before the console gives it up:
 * aborts the multipart upload (S3 bills for the parts of an unfinished one until then) and drops
 * the version it reserved. One hour by default: a browser at work checks in every few minutes
 * (it asks for part URLs, which live 15 minutes, and sends a heartbeat at a third of this time),
 * so an hour of silence is a closed tab, a crashed browser or a machine asleep, never a slow
 * link; and an hour is short enough that an "uploading" row does not linger for the day.
 * `MME_UPLOAD_EXPIRY_S` changes it (seconds, at least 1).
 */
const DEFAULT_S = 3600;

let warned = false;

export function uploadIdleExpirySeconds(): number {
  const raw = process.env.MME_UPLOAD_EXPIRY_S;
  if (raw === undefined || raw === "") return DEFAULT_S;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 1) return s;
  if (!warned) console.warn(`MME_UPLOAD_EXPIRY_S=${JSON.stringify(raw)} is not a number of seconds (1 or more); using ${DEFAULT_S}`);
  warned = true;
  return DEFAULT_S;
}

/** The expiry in words, for messages: "1 hour", "20 minutes", "5 seconds". */
export function describeUploadIdleExpiry(): string {
  const s = uploadIdleExpirySeconds();
  const [n, unit] = s % 3600 === 0 ? [s / 3600, "hour"] : s % 60 === 0 ? [s / 60, "minute"] : [s, "second"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
