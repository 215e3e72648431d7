import Link from "next/link";
import { formatBytes } from "@/lib/format-bytes";
import { formatNumber } from "@/lib/metrics/format-metric";
import type { LoadSource, MemorySource } from "@/lib/capacity/capacity-types";
import type { CapacityModelView } from "@/lib/schemas/capacity";
import { formatWaitMs } from "@/components/capacity/format-capacity";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";

const MEMORY_SOURCE: Record<MemorySource, string> = { measured: "measured by the engine", estimated: "estimated from the package" };
const LOAD_SOURCE: Record<LoadSource, string> = { measured: "ModelLoadingTime", verification: "measured on verification", estimated: "estimated from its size" };

/** What the replay went by, model by model, and where each figure came from: a measured figure is worth more than an estimate. */
export function CapacityModelsTable({ endpoint, models }: { endpoint: string; models: CapacityModelView[] }) {
  const busiest = [...models].sort((a, b) => b.invocations - a.invocations || a.name.localeCompare(b.name));
  return (
    <Card title={`Models called (${models.length})`}>
      {models.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="capacity-no-models">
          No model was called in this range.
        </p>
      ) : (
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="w-full min-w-[44rem] text-left text-sm" data-testid="capacity-models">
            <TableHead columns={["Target model", "Invocations", "Peak / min", "Memory", "Load time"]} />
            <tbody className="divide-y divide-slate-100">
              {busiest.map((m) => (
                <tr key={m.name} data-testid="capacity-model-row">
                  <td className="py-2 pr-4 font-mono text-xs break-all">
                    <Link className="hover:underline" href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(m.model)}`} title={`Open ${m.model}`}>
                      {m.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{formatNumber(m.invocations)}</td>
                  <td className="py-2 pr-4 tabular-nums">{formatNumber(m.peakPerMinute)}</td>
                  <td className="py-2 pr-4 whitespace-nowrap" data-testid="capacity-model-memory">
                    {formatBytes(m.memoryBytes)} <Source text={MEMORY_SOURCE[m.memorySource]} estimated={m.memorySource === "estimated"} />
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap" data-testid="capacity-model-load">
                    {formatWaitMs(m.loadMs)} <Source text={LOAD_SOURCE[m.loadSource]} estimated={m.loadSource === "estimated"} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function Source({ text, estimated }: { text: string; estimated: boolean }) {
  return <span className={`text-xs ${estimated ? "text-amber-700" : "text-slate-500"}`}>({text})</span>;
}
