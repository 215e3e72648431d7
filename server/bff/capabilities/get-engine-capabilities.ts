import "server-only";
import { backendConfig } from "@/server/aws/client-factory";
import type { EngineCapabilities } from "@/lib/engine-capabilities";
import { ApiError } from "@/server/route/api-error";
import { signedEngineGet } from "@/server/aws/signed-engine-get";

/** What the console tells users about the backend's model runtimes. */
export type EngineCapabilitiesView =
  | { localEngine: false }
  | {
      localEngine: true;
      pytorch: { available: boolean; reason?: string; python?: string; torchVersion?: string; devices: string[] };
      /** Triton Python-backend models (model.py): they need numpy in the worker's Python. */
      python: { available: boolean; reason?: string; numpyVersion?: string };
    };

/**
 * Which model runtimes the backend has: the local engine's `GET /_mme/capabilities`, read so the
 * models page can say that PyTorch models will not run (and why) before a user uploads one. On
 * AWS, SageMaker's Triton runs every platform, so there is nothing to say.
 */
export async function getEngineCapabilities(): Promise<EngineCapabilitiesView> {
  const config = backendConfig();
  if (config.kind === "aws") return { localEngine: false };
  const res = await signedEngineGet(config, "/_mme/capabilities");
  const body = (await res.json().catch(() => undefined)) as (Partial<EngineCapabilities> & { message?: string }) | undefined;
  const torch = body?.backends?.find((b) => b.backend === "pytorch");
  const python = body?.backends?.find((b) => b.backend === "python");
  if (!res.ok || !torch || !python) throw new ApiError("internal", `Could not read the local engine's capabilities: ${body?.message ?? `the engine answered ${res.status}`}`);
  return {
    localEngine: true,
    pytorch: {
      available: torch.available,
      ...(torch.reason ? { reason: torch.reason } : {}),
      ...(torch.python ? { python: torch.python } : {}),
      ...(torch.torchVersion ? { torchVersion: torch.torchVersion } : {}),
      devices: (torch.workers ?? []).map((w) => w.device).filter(Boolean),
    },
    python: {
      available: python.available,
      ...(python.reason ? { reason: python.reason } : {}),
      ...(python.numpyVersion ? { numpyVersion: python.numpyVersion } : {}),
    },
  };
}
