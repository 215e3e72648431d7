/**
 * The console's table header row: small uppercase labels in slate. `cell` is the padding the
 * table's body cells use, so headers line up with them; an empty label is an unlabeled column
 * (a column of buttons): a plain cell, as a header with no name is announced as nothing.
 */
export function TableHead({ columns, cell = "py-2 pr-4" }: { columns: readonly string[]; cell?: string }) {
  return (
    <thead className="text-xs uppercase tracking-wide text-slate-500">
      <tr>
        {columns.map((label, i) =>
          label ? (
            <th key={`${i}-${label}`} className={`${cell} font-medium`}>
              {label}
            </th>
          ) : (
            <td key={`${i}-`} />
          ),
        )}
      </tr>
    </thead>
  );
}
