import type { InvokeResultView, V2Output } from "@/lib/schemas/invoke";
import { TableHead } from "@/components/ui/table-head";

const SHOWN = 64;

function preview(data: unknown[]): string {
  const head = data.slice(0, SHOWN).map((v) => (typeof v === "number" ? String(Number(v.toPrecision(7))) : JSON.stringify(v)));
  return head.join(", ") + (data.length > SHOWN ? `, … (${data.length - SHOWN} more)` : "");
}

/** One invocation's outputs, with how it went: round trip, cold load or resident, the target model. */
export function InvokeResult({ result, testId }: { result: InvokeResultView; testId: string }) {
  return (
    <div className="flex flex-col gap-2" data-testid={testId}>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">
          {result.model} v{result.version}
          {result.alias && <span className="text-slate-500"> ({result.alias})</span>}
        </span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs" data-testid="round-trip">
          {result.roundTripMs.toFixed(1)} ms
        </span>
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-medium ${result.coldLoad ? "bg-amber-100 text-amber-800" : "bg-emerald-100 text-emerald-800"}`}
          data-testid="cache-state"
          title={result.coldLoad === undefined ? "SageMaker does not say whether a request loaded its model" : undefined}
        >
          {result.coldLoad === undefined ? "load: unknown" : result.coldLoad ? "cold load" : "warm"}
        </span>
        <span className="font-mono text-xs text-slate-500">{result.targetModel}</span>
      </p>
      <OutputsTable outputs={result.outputs} />
    </div>
  );
}

export function OutputsTable({ outputs }: { outputs: V2Output[] }) {
  return (
    <table className="w-full text-left text-sm" data-testid="outputs-table">
      <TableHead columns={["Output", "Type", "Shape", "Data"]} cell="py-1.5 pr-3" />
      <tbody className="divide-y divide-slate-100">
        {outputs.map((o) => (
          <tr key={o.name} data-testid={`output-${o.name}`}>
            <td className="py-1.5 pr-3 font-mono">{o.name}</td>
            <td className="py-1.5 pr-3 font-mono text-xs">{o.datatype}</td>
            <td className="py-1.5 pr-3 font-mono text-xs">[{o.shape.join(", ")}]</td>
            <td className="break-all py-1.5 font-mono text-xs" data-testid="output-data">
              {preview(o.data)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
