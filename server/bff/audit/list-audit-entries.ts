import "server-only";
import { listAudit, type AuditEntry } from "@/server/console-store/audit-log";

/** A page of the audit log for the audit page and its API. */
export function listAuditEntries(opts: { limit: number; before?: number }): AuditEntry[] {
  return listAudit(opts);
}
