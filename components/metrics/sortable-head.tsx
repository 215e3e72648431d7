import type { SortDir } from "@/lib/metrics/sort-models-by-metric";

export type SortableColumn<K extends string> = { label: string; sortKey?: K; align?: "right" };

/**
 * A table header like components/ui/table-head.tsx whose labelled columns may sort: a click sorts
 * by that column (figures highest first, names A to Z), a second click reverses it.
 */
export function SortableHead<K extends string>({ columns, sort, onSort }: { columns: readonly SortableColumn<K>[]; sort: { key: K; dir: SortDir }; onSort: (s: { key: K; dir: SortDir }) => void }) {
  return (
    <thead className="text-xs uppercase tracking-wide text-slate-500">
      <tr>
        {columns.map((c, i) => {
          const active = c.sortKey !== undefined && c.sortKey === sort.key;
          return (
            <th
              key={`${i}-${c.label}`}
              className={`py-2 pr-4 font-medium ${c.align === "right" ? "text-right" : ""}`}
              aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
            >
              {c.sortKey === undefined ? (
                c.label
              ) : (
                <button
                  type="button"
                  className={`uppercase tracking-wide hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
                  onClick={() => onSort({ key: c.sortKey!, dir: active ? (sort.dir === "asc" ? "desc" : "asc") : c.sortKey === "name" ? "asc" : "desc" })}
                  data-testid={`sort-${c.sortKey}`}
                >
                  {c.label} <span aria-hidden>{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
                </button>
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
