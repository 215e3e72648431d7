import { can } from "@/lib/roles";
import { formatDateTime } from "@/lib/format";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { sessionUser } from "@/server/auth/session-user";
import { listAuditEntries } from "@/server/bff/audit/list-audit-entries";

export const dynamic = "force-dynamic";

const RESULT_COLORS = { ok: "text-emerald-700", refused: "text-amber-700", error: "text-red-700" } as const;

export default async function AuditPage() {
  const user = await sessionUser();
  if (!can(user?.role, "audit:read")) {
    return (
      <p className="text-sm text-slate-700" data-testid="audit-forbidden">
        The audit log is for admins.
      </p>
    );
  }
  const entries = listAuditEntries({ limit: 200 });
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-slate-600">Every change made through this console: who, what, when, and how it ended. Newest first.</p>
      </div>
      <Card>
        {entries.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">Nothing has been changed yet.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <TableHead columns={["When", "Who", "Action", "Target", "Result"]} />
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="py-2 pr-4 whitespace-nowrap text-slate-600">{formatDateTime(e.at)}</td>
                  <td className="py-2 pr-4">
                    {e.actor} <span className="text-xs text-slate-500">({e.role})</span>
                  </td>
                  <td className="py-2 pr-4 font-medium">{e.action}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{e.target}</td>
                  <td className={`py-2 pr-4 ${RESULT_COLORS[e.result]}`}>
                    {e.result} <span className="text-xs text-slate-500">{e.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
