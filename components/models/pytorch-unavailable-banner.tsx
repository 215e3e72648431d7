"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";

/** The part of GET /api/engine/capabilities this banner reads. */
type Runtime = { available: boolean; reason?: string };
type Capabilities = { localEngine: false } | { localEngine: true; pytorch: Runtime; python: Runtime };

/**
 * Says, where users upload models, that the local engine cannot run PyTorch models and why,
 * before one fails with ModelError 501. Shows nothing on AWS, when PyTorch is there, or when the
 * capabilities cannot be read (the page has other ways to show an unreachable engine).
 */
export function PytorchUnavailableBanner() {
  const { data } = useQuery({
    queryKey: ["engine", "capabilities"],
    queryFn: ({ signal }) => apiFetch<Capabilities>("/api/engine/capabilities", { signal }),
    // Found at the engine's start: it changes only when the engine restarts.
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (!data?.localEngine) return null;
  return (
    <>
      {!data.pytorch.available && <PytorchMissing reason={data.pytorch.reason} />}
      {!data.python.available && (
        <div role="status" data-testid="python-unavailable" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">Python-backend models (model.py) cannot run on the local engine.</p>
          {data.python.reason && <p className="mt-1 break-words">{data.python.reason}</p>}
          <p className="mt-1">
            They need numpy in the worker&apos;s Python (Debian: <code>apt-get install python3-numpy</code>, or set <code>MME_ENGINE_PYTHON</code>), then restart the engine.
          </p>
        </div>
      )}
    </>
  );
}

function PytorchMissing({ reason }: { reason?: string }) {
  return (
    <div role="status" data-testid="pytorch-unavailable" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">PyTorch models cannot run on the local engine.</p>
      {reason && <p className="mt-1 break-words">{reason}</p>}
      <p className="mt-1">
        Install PyTorch (Debian: <code>apt-get install python3-torch</code>) or set <code>MME_ENGINE_PYTHON</code> to a Python that has it, then restart the engine. ONNX,
        XGBoost and LightGBM models are not affected.
      </p>
    </div>
  );
}
