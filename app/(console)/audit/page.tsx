import Link from "next/link";
import { can } from "@/lib/roles";
import { auditQuery, type AuditFilters as Filters } from "@/lib/schemas/audit";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditPager } from "@/components/audit/audit-pager";
import { AuditTable } from "@/components/audit/audit-table";
import { Card } from "@/components/ui/card";
import { sessionUser } from "@/server/auth/session-user";
import { listAuditEntries, listAuditFacets } from "@/server/bff/audit/list-audit-entries";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await sessionUser();
  if (!can(user?.role, "audit:read")) {
    return (
      <p className="text-sm text-slate-700" data-testid="audit-forbidden">
        The audit log is for admins.
      </p>
    );
  }
  // One value per key, as the API reads its query; the page size is the log's own.
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditQuery.safeParse({ ...raw, limit: undefined });
  const filters: Filters = parsed.success ? { user: parsed.data.user, action: parsed.data.action, resource: parsed.data.resource, result: parsed.data.result } : {};
  // A link with a bad filter still shows what it asked for, to correct it.
  const asked: Filters = parsed.success ? filters : { user: raw.user, action: raw.action, resource: raw.resource };
  const page = parsed.success ? listAuditEntries(parsed.data) : undefined;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-slate-600">
          Every change made through this console, and every refused attempt: who, what, when, and how it ended. Newest first.
        </p>
      </div>
      <Card>
        <div className="flex flex-col gap-4">
          <AuditFilters key={JSON.stringify(asked)} filters={asked} facets={listAuditFacets()} />
          {!page ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="audit-bad-query">
              This link&apos;s filters are not valid ({parsed.error?.issues[0]?.path.join(".")}: {parsed.error?.issues[0]?.message}).{" "}
              <Link href="/audit" className="font-medium underline">
                Show the newest changes
              </Link>
            </p>
          ) : page.entries.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-500" data-testid="audit-empty">
              {filtered ? "No change matches these filters." : raw.cursor ? "Nothing further this way." : "Nothing has been changed yet."}
            </p>
          ) : (
            <AuditTable entries={page.entries} filters={filters} />
          )}
          {page && <AuditPager filters={filters} newer={page.newer} older={page.older} paged={raw.cursor !== undefined} />}
        </div>
      </Card>
    </div>
  );
}
