import { z } from "zod";

/**
 * How a change ended: done; refused by the console (sign-in, CSRF, role: 401/403); failed; an
 * upload whose package the checker refused; an upload cancelled by its uploader.
 */
export const AUDIT_RESULTS = ["ok", "refused", "error", "rejected", "aborted"] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** One change made through the console (or refused), as the audit log keeps it. */
export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  /** The API path that was called. */
  target: string;
  /** What the change is about: "<endpoint>" or "<endpoint>/<model>"; "" when it was refused before its input was read. */
  resource: string;
  result: AuditResult;
  status: number;
  /** What changed, in words: "production v1 → v2", "instances 1 → 3". */
  detail?: string;
  /** Why it was refused or failed, as the console answered the caller. */
  reason?: string;
};

/** A page of the log, newest first, with the cursors of the pages on either side (absent at either end). */
export type AuditPage = { entries: AuditEntry[]; older?: string; newer?: string };

/** The users and actions the log holds, for the filters' choices. */
export type AuditFacets = { users: string[]; actions: string[] };

const AUDIT_PAGE_SIZE = 50;

/** A form's empty field (`?user=`) filters nothing. */
const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/**
 * A position in the log: "o<id>" (entries older than id) or "n<id>" (newer than id). Ids only
 * grow, so entries written while someone pages never shift the pages they are reading.
 */
const auditCursor = z.string().regex(/^[on][1-9][0-9]{0,15}$/, "Not a cursor of this log");

const auditFilters = z.object({
  /** The actor's email, exactly. */
  user: blankIsAbsent(z.string().max(320)),
  action: blankIsAbsent(z.string().max(64).regex(/^[A-Za-z]+$/, "An action name such as SetAlias")),
  /** An endpoint ("demo") or one of its models ("demo/resnet"): the endpoint's filter includes its models. */
  resource: blankIsAbsent(z.string().trim().max(200).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*(\/[a-zA-Z0-9][a-zA-Z0-9_.-]*)?$/, "An endpoint, or endpoint/model")),
  result: blankIsAbsent(z.enum(AUDIT_RESULTS)),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditQuery = auditFilters.extend({
  cursor: blankIsAbsent(auditCursor),
  limit: z.coerce.number().int().min(1).max(200).default(AUDIT_PAGE_SIZE),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** The URL query of a page of the log: the filters that are set, and the cursor. */
export function auditSearch(filters: AuditFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, cursor })) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : "";
}
