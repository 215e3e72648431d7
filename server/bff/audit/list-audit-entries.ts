import "server-only";
import type { AuditFacets, AuditPage, AuditQuery } from "@/lib/schemas/audit";
import { auditFacets, listAudit } from "@/server/console-store/audit-log";

/** A page of the audit log for the audit page and its API: newest first, filtered, with its cursors. */
export function listAuditEntries(query: AuditQuery): AuditPage {
  return listAudit(query);
}

/** The users and actions the filters offer. */
export function listAuditFacets(): AuditFacets {
  return auditFacets();
}
