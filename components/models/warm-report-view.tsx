import { formatMs } from "@/lib/model-verification";
import type { WarmReport } from "@/lib/schemas/alias-release";

/**
 * What warming did before the switch. The local engine says which instance loaded it; on AWS the
 * console can only send requests and count the answers (SageMaker routes them), and says so.
 */
export function WarmReportView({ report }: { report: WarmReport }) {
  if (report.mode === "requests") {
    return (
      <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2" data-testid="warm-report" data-mode="requests">
        <p className="font-medium text-slate-800">
          Warmed <span className="font-mono text-xs">{report.targetModel}</span> with {report.requests} request{report.requests === 1 ? "" : "s"} for {report.instanceCount}{" "}
          instance{report.instanceCount === 1 ? "" : "s"}
          {report.failed > 0 ? `; ${report.failed} failed` : ""}.
        </p>
        <p className="mt-1 text-xs text-slate-600">{report.note}</p>
      </div>
    );
  }
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2" data-testid="warm-report" data-mode="per-instance">
      <p className="font-medium text-slate-800">
        Warmed <span className="font-mono text-xs break-all">{report.targetModel}</span> on {report.instances.length} instance{report.instances.length === 1 ? "" : "s"} before the
        switch:
      </p>
      <ul className="mt-1 flex flex-col gap-0.5 text-xs">
        {report.instances.map((i) => (
          <li key={`${i.variantName}-${i.index}`} className="break-words" data-testid="warm-instance">
            {i.variantName} instance {i.index} <span className="font-mono text-slate-500">{i.instanceId}</span>:{" "}
            {i.wasResident ? "already loaded" : `loaded in ${formatMs(i.loadMs)}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
