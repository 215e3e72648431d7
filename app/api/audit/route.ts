import { auditQuery } from "@/lib/schemas/audit";
import { listAuditEntries } from "@/server/bff/audit/list-audit-entries";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/audit?user=&action=&resource=&result=&cursor=&limit= - a page of the audit log's changes, newest first, with the cursors either side (admins only)
export const GET = withRoute(async ({ query }) => listAuditEntries(query), { permission: "audit:read", query: auditQuery });
