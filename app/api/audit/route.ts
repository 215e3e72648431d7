import { z } from "zod";
import { listAuditEntries } from "@/server/bff/audit/list-audit-entries";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().positive().optional() });

// GET /api/audit - the audit log of mutations, newest first (admins only)
export const GET = withRoute(async ({ query }) => ({ entries: listAuditEntries(query) }), { permission: "audit:read", query });
