import { auditSearch, type AuditFilters } from "@/lib/schemas/audit";
import { LinkButton } from "@/components/ui/button";

/**
 * Newer and older pages of the filtered log. Their cursors name entries, not page numbers, so a
 * page does not shift while new changes are written above it.
 */
export function AuditPager({ filters, newer, older, paged }: { filters: AuditFilters; newer?: string; older?: string; paged: boolean }) {
  if (!newer && !older && !paged) return null;
  return (
    <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-end gap-2">
      {paged && (
        <LinkButton href={`/audit${auditSearch(filters)}`} data-testid="audit-newest">
          Newest
        </LinkButton>
      )}
      {newer ? (
        <LinkButton href={`/audit${auditSearch(filters, newer)}`} data-testid="audit-newer">
          ← Newer
        </LinkButton>
      ) : (
        <span className="px-3.5 py-2 text-sm text-slate-500">← Newer</span>
      )}
      {older ? (
        <LinkButton href={`/audit${auditSearch(filters, older)}`} data-testid="audit-older">
          Older →
        </LinkButton>
      ) : (
        <span className="px-3.5 py-2 text-sm text-slate-500">Older →</span>
      )}
    </nav>
  );
}
