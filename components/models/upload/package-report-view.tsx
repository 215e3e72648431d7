import { formatBytes } from "@/lib/format-bytes";
import type { PackageReport } from "@/lib/triton/package-report";
import { TensorTable } from "@/components/models/tensor-table";

/**
 * The package checker's report: what Triton would load, or every reason it would not. `sameAs`:
 * an existing version of the model with the very same bytes, shown as one more warning.
 */
export function PackageReportView({ report, fileName, sameAs }: { report: PackageReport; fileName: string; sameAs?: { model: string; version: number } }) {
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="package-report">
      <p className={`font-medium ${report.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="package-verdict">
        {report.ok ? `✓ ${fileName} is a loadable Triton package` : `✗ ${fileName} would not load`}
      </p>
      {report.errors.length > 0 && (
        <ul className="list-disc pl-5 text-red-800" data-testid="package-errors">
          {report.errors.map((e, i) => (
            <li key={i}>
              {e.message}
              {e.entry && <span className="ml-1 font-mono text-xs">({e.entry})</span>}
            </li>
          ))}
        </ul>
      )}
      {(report.warnings.length > 0 || sameAs) && (
        <ul className="list-disc pl-5 text-amber-800">
          {sameAs && (
            <li data-testid="package-same-as">
              Same as v{sameAs.version}: {fileName} is byte-identical to {sameAs.model} v{sameAs.version}. Uploading it makes a new version with the same contents,
              which is allowed (to re-release it, say).
            </li>
          )}
          {report.warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      )}
      {report.modelName && (
        <dl className="grid grid-cols-[9rem_1fr] gap-y-1">
          <dt className="text-slate-500">Model</dt>
          <dd className="font-mono" data-testid="package-model-name">
            {report.modelName}
          </dd>
          <dt className="text-slate-500">Platform</dt>
          <dd>
            {report.platform ?? report.backend ?? "—"} <span className="text-slate-500">({report.framework})</span>
          </dd>
          {report.composingModels.length > 0 && (
            <>
              <dt className="text-slate-500">Steps run</dt>
              <dd data-testid="package-composing-models">
                {report.composingModels.map((m) => `${m.name} (${m.platform ?? m.backend ?? m.framework})`).join(", ")}
              </dd>
            </>
          )}
          <dt className="text-slate-500">Max batch size</dt>
          <dd>{report.maxBatchSize ?? "—"}</dd>
          <dt className="text-slate-500">Versions</dt>
          <dd>{report.versions.map((v) => `${v.version} (${formatBytes(v.bytes)})`).join(", ") || "—"}</dd>
          <dt className="text-slate-500">Size</dt>
          <dd>
            {formatBytes(report.compressedBytes)} packed, {formatBytes(report.totalBytes)} unpacked, {report.entries} entries
          </dd>
        </dl>
      )}
      {report.inputs.length + report.outputs.length > 0 && <TensorTable inputs={report.inputs} outputs={report.outputs} />}
    </div>
  );
}
