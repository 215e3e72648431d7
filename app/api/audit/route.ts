import { z } from "zod";
import { withRoute } from "@/server/auth/with-route";
import { listAuditEntries } from "@/server/bff/audit/list-audit-entries";

export const dynamic = "force-dynamic";

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().positive().optional() });

// GET /api/audit - the audit log of mutations, newest first (admins only)
export const GET = withRoute(
  async ({ req }) => {
    const q = query.parse(Object.fromEntries(req.nextUrl.searchParams));
    return { entries: listAuditEntries(q) };
  },
  { permission: "audit:read" },
);
