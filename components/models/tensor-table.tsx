import type { TensorSpecView } from "@/lib/schemas/model-views";
import { TableHead } from "@/components/ui/table-head";

/** A tensor as a package report gives it: a data_type Triton does not know comes as written, beside TYPE_INVALID. */
type Tensor = TensorSpecView & { unknownDataType?: string };

/** A model's signature: its inputs and outputs with v2 data types and dims (-1 is variable). */
export function TensorTable({ inputs, outputs }: { inputs: Tensor[]; outputs: Tensor[] }) {
  const rows = [...inputs.map((t) => ({ ...t, kind: "input" })), ...outputs.map((t) => ({ ...t, kind: "output" }))];
  return (
    <table className="w-full text-left text-sm" data-testid="signature-table">
      <TableHead columns={["Tensor", "Kind", "Type", "Dims"]} cell="py-1.5 pr-4" />
      <tbody className="divide-y divide-slate-100">
        {rows.map((t) => (
          <tr key={`${t.kind}-${t.name}`}>
            <td className="py-1.5 pr-4 font-mono">{t.name}</td>
            <td className="py-1.5 pr-4 text-slate-600">{t.kind}</td>
            <td className="py-1.5 pr-4 font-mono text-xs" data-testid={`tensor-type-${t.kind}-${t.name}`}>
              {t.unknownDataType !== undefined ? (
                <span className="text-red-700" title="Not a Triton data type: see the errors above">
                  {t.unknownDataType} <span className="font-sans">(unknown type)</span>
                </span>
              ) : (
                t.dataType
              )}
            </td>
            <td className="py-1.5 pr-4 font-mono text-xs">[{t.dims.join(", ")}]</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
