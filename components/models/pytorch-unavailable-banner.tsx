"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/api-client";
import { useModelsQuery } from "@/components/models/models-query";

/** The part of GET /api/engine/capabilities this banner reads. */
type Runtime = { available: boolean; reason?: string };
type Capabilities = { localEngine: false } | { localEngine: true; pytorch: Runtime; python: Runtime };

/** Dismissed for the browser session: the engine's runtimes change only when it restarts. */
const DISMISSED_KEY = "mme.dismissed.runtime-notices";

/**
 * One line, where users upload models, saying the local engine cannot run some of this endpoint's
 * models (PyTorch, or Python-backend ones) and what to install, before one fails with ModelError
 * 501. Shown only when the endpoint (from the page's route) has such a model among those listed,
 * never on AWS, nor when the capabilities cannot be read; dismissible.
 */
export function PytorchUnavailableBanner() {
  const endpoint = decodeURIComponent(useParams<{ name: string }>().name ?? "");
  const { data: caps } = useQuery({
    queryKey: ["engine", "capabilities"],
    queryFn: ({ signal }) => apiFetch<Capabilities>("/api/engine/capabilities", { signal }),
    // Found at the engine's start: it changes only when the engine restarts.
    staleTime: 5 * 60_000,
    retry: false,
  });
  // The models table's own query (same key): on the Models tab this asks nothing more.
  const models = useModelsQuery(caps?.localEngine && (!caps.pytorch.available || !caps.python.available) ? endpoint : "", "");
  const frameworks = new Set(models.data?.pages.flatMap((p) => p.models.map((m) => m.framework)) ?? []);
  // Read at once: nothing shows before the capabilities arrive, after hydration, so server and browser agree.
  const [dismissed, setDismissed] = useState<string[]>(() => (typeof window === "undefined" ? [] : (JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? "[]") as string[])));
  const dismiss = (id: string) => {
    const next = [...dismissed, id];
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
    setDismissed(next);
  };
  const shown = runtimeNotices(caps, frameworks, dismissed);
  if (!caps?.localEngine || shown.length === 0) return null;
  return (
    <>
      {shown.map((runtime) => (
        <Notice key={runtime} testId={`${runtime}-unavailable`} {...NOTICE_WORDS[runtime]} reason={caps[runtime].reason} onDismiss={() => dismiss(runtime)} />
      ))}
    </>
  );
}

/** What each notice says: the runtime the engine lacks and how to get it. */
const NOTICE_WORDS = {
  pytorch: {
    text: "PyTorch models cannot run on the local engine.",
    fix: "Install PyTorch (apt-get install python3-torch) or set MME_ENGINE_PYTHON, then restart the engine; ONNX, XGBoost and LightGBM models are not affected.",
  },
  python: {
    text: "Python-backend models (model.py) cannot run on the local engine.",
    fix: "They need numpy in the worker's Python (apt-get install python3-numpy, or set MME_ENGINE_PYTHON), then restart the engine.",
  },
} as const;

/**
 * Which notices to show: a runtime the local engine lacks, only where this endpoint lists a model
 * that needs it, and not once dismissed. Nothing on AWS or before the capabilities are known.
 */
export function runtimeNotices(caps: Capabilities | undefined, frameworks: ReadonlySet<string | undefined>, dismissed: readonly string[]): ("pytorch" | "python")[] {
  if (!caps?.localEngine) return [];
  return (["pytorch", "python"] as const).filter((r) => !caps[r].available && frameworks.has(r) && !dismissed.includes(r));
}

function Notice({ testId, text, fix, reason, onDismiss }: { testId: string; text: string; fix: string; reason?: string; onDismiss: () => void }) {
  return (
    <div role="status" data-testid={testId} className="flex items-center gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {/* One line; the whole advice and the engine's reason in the tooltip. */}
      <p className="min-w-0 flex-1 truncate" title={[text, fix, reason].filter(Boolean).join(" ")}>
        <span className="font-medium">{text}</span> {fix}
      </p>
      <button type="button" onClick={onDismiss} className="-my-1 shrink-0 rounded p-1 text-amber-700 hover:bg-amber-100 hover:text-amber-950" aria-label="Dismiss" data-testid={`${testId}-dismiss`}>
        ×
      </button>
    </div>
  );
}
