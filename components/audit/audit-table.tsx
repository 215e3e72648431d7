import Link from "next/link";
import { Fragment } from "react";
import { formatDateTime } from "@/lib/format";
import { auditSearch, type AuditEntry, type AuditFilters, type AuditResult } from "@/lib/schemas/audit";

const RESULT_COLORS: Record<AuditResult, string> = {
  ok: "text-emerald-700",
  refused: "text-amber-700",
  error: "text-red-700",
  rejected: "text-red-700",
  aborted: "text-slate-600",
};

const COLUMNS = ["When", "Who", "Action", "Change", "Result"];
// A table from `sm` up; below it each row is a card (action and result, the change, who and when).
const CELL = "block py-0.5 sm:table-cell sm:py-2 sm:pr-4";

/**
 * One row per change: when, who, what, what it was about and what changed in words, and how it
 * ended (with the reason when it did not succeed). A user or a resource is a link that narrows the
 * log to it, keeping the other filters.
 */
export function AuditTable({ entries, filters }: { entries: AuditEntry[]; filters: AuditFilters }) {
  return (
    <table className="block w-full text-left text-sm sm:table" data-testid="audit-table">
      <thead className="hidden text-xs tracking-wide text-slate-500 uppercase sm:table-header-group">
        <tr>
          {COLUMNS.map((label) => (
            <th key={label} className="py-2 pr-4 font-medium">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-100 sm:table-row-group">
        {entries.map((e) => (
          <tr key={e.id} className="flex flex-wrap items-baseline gap-x-3 py-3 align-top sm:table-row sm:py-0" data-testid="audit-row">
            <td className={`${CELL} order-5 text-xs whitespace-nowrap text-slate-500 sm:text-sm sm:text-slate-600`}>{formatDateTime(e.at)}</td>
            <td className={`${CELL} order-4 text-xs whitespace-nowrap sm:text-sm`}>
              <Link href={`/audit${auditSearch({ ...filters, user: e.actor })}`} className="hover:underline" data-testid="audit-actor">
                {e.actor}
              </Link>{" "}
              <span className="text-xs text-slate-500">({e.role})</span>
            </td>
            <td className={`${CELL} order-1 font-medium`}>{e.action}</td>
            <td className={`${CELL} order-3 w-full sm:w-auto`}>
              <div className="flex flex-wrap items-baseline gap-x-2">
                {e.resource && (
                  <Link
                    href={`/audit${auditSearch({ ...filters, resource: e.resource })}`}
                    className="font-mono text-xs break-all text-slate-700 hover:underline"
                    data-testid="audit-resource"
                  >
                    {e.resource}
                  </Link>
                )}
                {e.detail && <span data-testid="audit-detail">{e.detail}</span>}
              </div>
              {e.reason && (
                <p className={`mt-0.5 text-xs break-words ${RESULT_COLORS[e.result]}`} data-testid="audit-reason">
                  {e.reason}
                </p>
              )}
              <p className="mt-0.5 font-mono text-xs text-slate-500">{breakablePath(e.target)}</p>
            </td>
            <td className={`${CELL} order-2 ml-auto whitespace-nowrap sm:ml-0 ${RESULT_COLORS[e.result]}`} data-testid="audit-result">
              {e.result} <span className="text-xs text-slate-500">{e.status}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A long API path wraps after a slash, never inside a name. */
function breakablePath(p: string) {
  return p.split("/").map((part, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          /<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}
