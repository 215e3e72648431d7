"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { formatBytes, formatDuration } from "@/lib/format-bytes";
import type { VersionView } from "@/lib/schemas/model-views";
import { checkTritonPackage } from "@/lib/triton/check-package";
import type { PackageReport } from "@/lib/triton/package-report";
import { modelKeys } from "@/components/models/keys";
import { uploadPackage, type UploadProgress } from "@/components/models/upload/multipart-upload";
import { PackageReportView } from "@/components/models/upload/package-report-view";
import { sameAsExistingVersion } from "@/components/models/upload/same-as-existing-version";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

type Step =
  | { kind: "idle" }
  | { kind: "checking"; file: File }
  | { kind: "checked"; file: File; report: PackageReport }
  | { kind: "uploading"; file: File; report: PackageReport; progress?: UploadProgress; finishing?: boolean; cancelling?: boolean }
  /** `cancelledTooLate`: Cancel was pressed while the upload was already being completed. */
  | { kind: "done"; version: VersionView; model: string; cancelledTooLate: boolean }
  | { kind: "failed"; file: File; report: PackageReport; error: unknown };

/**
 * Drop or pick a .tar.gz: it is checked in the browser before a byte is sent (the same checker
 * the server and the CLI use), then uploaded straight to S3 in parts with progress and cancel.
 */
/** The model folder's name; a package with config.pbtxt at its root and no `name` goes by its file's name. */
function registryName(file: File, report: PackageReport): string {
  return report.modelName ?? file.name.replace(/\.(tar\.gz|tgz)$/, "");
}

export function UploadPanel({ endpoint }: { endpoint: string }) {
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  const [notes, setNotes] = useState("");
  /** An existing version byte-identical to the picked file: a warning, the upload stays allowed. */
  const [sameAs, setSameAs] = useState<{ file: File; version: number } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const toast = useToast();

  async function pick(file: File | undefined) {
    if (!file) return;
    setStep({ kind: "checking", file });
    setSameAs(null);
    const report = await checkTritonPackage(file.stream(), { compressedSize: file.size });
    setStep({ kind: "checked", file, report });
    if (!report.ok) return;
    // Advisory only: if the lookup fails the server still records "same as" when the upload completes.
    sameAsExistingVersion(endpoint, registryName(file, report), file).then(
      (version) => version !== undefined && setSameAs({ file, version }),
      () => undefined,
    );
  }

  async function upload(file: File, report: PackageReport) {
    const ctrl = new AbortController();
    abort.current = ctrl;
    setStep({ kind: "uploading", file, report });
    const model = registryName(file, report);
    try {
      const version = await uploadPackage({
        endpoint,
        file,
        model,
        notes: notes || undefined,
        signal: ctrl.signal,
        onProgress: (progress) => setStep((s) => (s.kind === "uploading" ? { ...s, progress } : s)),
        onFinishing: () => setStep((s) => (s.kind === "uploading" ? { ...s, finishing: true } : s)),
      });
      setStep({ kind: "done", version, model, cancelledTooLate: ctrl.signal.aborted });
      toast({ title: `Uploaded ${model} v${version.version}`, description: `Target model ${version.targetModel}`, tone: "success" });
      setNotes("");
    } catch (error) {
      setStep({ kind: "failed", file, report, error });
    } finally {
      await qc.invalidateQueries({ queryKey: modelKeys.all(endpoint) });
    }
  }

  const busy = step.kind === "checking" || step.kind === "uploading";
  return (
    <Card title="Upload a model version">
      <div className="flex flex-col gap-4">
        <label
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            if (!busy) void pick(e.dataTransfer.files[0]);
          }}
          className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-md border-2 border-dashed px-4 py-6 text-sm ${dragging ? "border-slate-900 bg-slate-50" : "border-slate-300"}`}
          data-testid="drop-zone"
        >
          <span className="font-medium">Drop a Triton model package (.tar.gz) here, or click to pick one</span>
          <span className="text-xs text-slate-500">One model folder with config.pbtxt and numbered versions. Each upload becomes a new, immutable version.</span>
          <input
            type="file"
            accept=".tar.gz,.tgz,application/gzip"
            className="sr-only"
            disabled={busy}
            onChange={(e) => {
              void pick(e.target.files?.[0]);
              e.target.value = "";
            }}
            data-testid="package-input"
          />
        </label>

        {step.kind === "checking" && <p className="text-sm text-slate-600">Checking {step.file.name}…</p>}
        {"report" in step && (
          <PackageReportView
            report={step.report}
            fileName={step.file.name}
            sameAs={sameAs?.file === step.file ? { model: registryName(step.file, step.report), version: sameAs.version } : undefined}
          />
        )}

        {(step.kind === "checked" || step.kind === "failed") && step.report.ok && (
          <div className="flex flex-col gap-3">
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">Notes (optional)</span>
              <input className={inputClass} value={notes} maxLength={1000} onChange={(e) => setNotes(e.target.value)} placeholder="What changed in this version" />
            </label>
            <div>
              <Button onClick={() => void upload(step.file, step.report)} data-testid="upload-button">
                Upload as a new version of {registryName(step.file, step.report)}
              </Button>
            </div>
          </div>
        )}

        {step.kind === "uploading" && (
          <UploadProgressView
            progress={step.progress}
            total={step.file.size}
            finishing={step.finishing === true}
            cancelling={step.cancelling === true}
            onCancel={() => {
              abort.current?.abort();
              setStep((s) => (s.kind === "uploading" ? { ...s, cancelling: true } : s));
            }}
          />
        )}
        {step.kind === "failed" && (
          <ErrorBanner error={step.error instanceof DOMException && step.error.name === "AbortError" ? new Error("The upload was cancelled; nothing was kept.") : step.error} title="Upload failed" action />
        )}
        {step.kind === "done" && step.cancelledTooLate && (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" role="status" data-testid="upload-cancel-too-late">
            The upload had already finished when it was cancelled, so {step.model} v{step.version.version} exists. If you do not want it, delete version{" "}
            {step.version.version} on{" "}
            <Link className="font-medium underline" href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(step.model)}`}>
              the model&apos;s page
            </Link>
            .
          </p>
        )}
        {step.kind === "done" && !step.cancelledTooLate && (
          <p className="text-sm text-emerald-700" data-testid="upload-done">
            Uploaded{" "}
            <Link className="font-medium underline" href={`/endpoints/${encodeURIComponent(endpoint)}/models/${encodeURIComponent(step.model)}`}>
              {step.model} v{step.version.version}
            </Link>{" "}
            as target model <span className="font-mono">{step.version.targetModel}</span>.
          </p>
        )}
      </div>
    </Card>
  );
}

function UploadProgressView(props: { progress?: UploadProgress; total: number; finishing: boolean; cancelling: boolean; onCancel: () => void }) {
  const { progress, total, finishing, cancelling, onCancel } = props;
  const sent = progress?.sentBytes ?? 0;
  const pct = total > 0 ? Math.min(100, (sent / total) * 100) : 0;
  return (
    <div className="flex flex-col gap-2" data-testid="upload-progress">
      <div className="h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-slate-900 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        {finishing ? (
          <span data-testid="upload-finishing">
            All {formatBytes(total)} sent. Finishing: S3 is joining the parts and the console is checking the package. This can no longer be cancelled; delete the
            version afterwards if you do not want it.
          </span>
        ) : (
          <span>
            {formatBytes(sent)} of {formatBytes(total)} · {progress ? `${formatBytes(progress.bytesPerSecond)}/s` : "starting…"} ·{" "}
            {progress && Number.isFinite(progress.secondsLeft) ? `${formatDuration(progress.secondsLeft)} left` : "estimating…"}
          </span>
        )}
        <Button variant="secondary" onClick={onCancel} disabled={finishing || cancelling} title={finishing ? "The upload is being completed: it can no longer be cancelled" : undefined} data-testid="upload-cancel">
          {cancelling ? "Cancelling…" : "Cancel"}
        </Button>
      </div>
    </div>
  );
}
