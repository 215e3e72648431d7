import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import type { InternalBackend } from "../backend/internal-backend";
import { endpointNotFound, methodNotAllowed, unknownRoute } from "./internal-errors";

export const CAPABILITIES_PATH = "/_mme/capabilities";
const RESIDENCY = /^\/_mme\/endpoints\/([^/]+)\/residency$/;

/**
 * The engine's developer namespace (`/_mme/`, signed like SageMaker), GET only, JSON answers:
 * `GET /_mme/capabilities` and `GET /_mme/endpoints/{EndpointName}/residency`.
 */
export function createInternalHandler(backend: InternalBackend): ServiceHandler {
  return {
    maxBodyBytes: 0,
    async handle(req: EngineRequest): Promise<EngineResponse> {
      if (req.path === CAPABILITIES_PATH) {
        if (req.method !== "GET") throw methodNotAllowed(req.method, req.path);
        return json(await backend.capabilities());
      }
      const match = RESIDENCY.exec(req.path);
      if (!match) throw unknownRoute(req.method, req.path);
      if (req.method !== "GET") throw methodNotAllowed(req.method, req.path);
      const requested = safeDecode(match[1]!);
      if (requested === undefined) throw endpointNotFound(match[1]!);
      return json(backend.residency(requested));
    },
  };
}

function json(body: unknown): EngineResponse {
  return { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(body) };
}

function safeDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
