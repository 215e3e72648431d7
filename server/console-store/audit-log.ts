import "server-only";
import { consoleDb } from "@/server/console-store/db";

export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  result: "ok" | "refused" | "error";
  status: number;
  detail?: string;
};

/** Appends one mutation: who, what, on what, when, and how it ended. */
export function recordAudit(e: Omit<AuditEntry, "id" | "at">): void {
  consoleDb()
    .prepare("INSERT INTO audit_log (at, actor, role, action, target, result, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(new Date().toISOString(), e.actor, e.role, e.action, e.target, e.result, e.status, e.detail ?? null);
}

/** Newest first, a page at a time (`before` is the last id of the previous page). */
export function listAudit(opts: { limit: number; before?: number }): AuditEntry[] {
  type Row = Omit<AuditEntry, "detail"> & { detail: string | null };
  const rows = consoleDb()
    .prepare<[number, number], Row>("SELECT id, at, actor, role, action, target, result, status, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?")
    .all(opts.before ?? Number.MAX_SAFE_INTEGER, opts.limit);
  return rows.map((r) => ({ ...r, detail: r.detail ?? undefined }));
}
