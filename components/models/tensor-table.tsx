import type { TensorSpecView } from "@/lib/schemas/model-views";

/** A model's signature: its inputs and outputs with v2 data types and dims (-1 is variable). */
export function TensorTable({ inputs, outputs }: { inputs: TensorSpecView[]; outputs: TensorSpecView[] }) {
  const rows = [...inputs.map((t) => ({ ...t, kind: "input" })), ...outputs.map((t) => ({ ...t, kind: "output" }))];
  return (
    <table className="w-full text-left text-sm" data-testid="signature-table">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1.5 pr-4 font-medium">Tensor</th>
          <th className="py-1.5 pr-4 font-medium">Kind</th>
          <th className="py-1.5 pr-4 font-medium">Type</th>
          <th className="py-1.5 pr-4 font-medium">Dims</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((t) => (
          <tr key={`${t.kind}-${t.name}`}>
            <td className="py-1.5 pr-4 font-mono">{t.name}</td>
            <td className="py-1.5 pr-4 text-slate-600">{t.kind}</td>
            <td className="py-1.5 pr-4 font-mono text-xs">{t.dataType}</td>
            <td className="py-1.5 pr-4 font-mono text-xs">[{t.dims.join(", ")}]</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
