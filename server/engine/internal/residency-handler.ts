import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { AwsError } from "../aws-error";
import type { EngineRequest, EngineResponse, ServiceHandler } from "../http/service-handler";

export type ResidencyHandlerOptions = {
  /** The endpoint's name as created, or undefined when there is no such endpoint. */
  endpointName(name: string): string | undefined;
  snapshot(): CacheSnapshot;
};

const ROUTE = /^\/_mme\/endpoints\/([^/]+)\/residency$/;

/**
 * The engine's developer namespace (`/_mme/`, signed like SageMaker): what AWS has no API for.
 * `GET /_mme/endpoints/{EndpointName}/residency` answers what each instance of the endpoint
 * holds now (models, bytes against the budget, hits, recent loads and evictions), as a
 * `CacheSnapshot` holding that endpoint's fleets only: none before its first invocation.
 */
export function createInternalHandler(opts: ResidencyHandlerOptions): ServiceHandler {
  return {
    maxBodyBytes: 0,
    handle(req: EngineRequest): EngineResponse {
      const match = ROUTE.exec(req.path);
      if (!match) throw new AwsError("UnknownOperationException", `The local engine serves nothing at ${req.method} ${req.path}.`, 404);
      if (req.method !== "GET") throw new AwsError("MethodNotAllowedException", `${req.method} is not allowed on ${req.path}; use GET.`, 405);
      const requested = safeDecode(match[1]!);
      const name = requested === undefined ? undefined : opts.endpointName(requested);
      if (name === undefined) throw new AwsError("ResourceNotFound", `Could not find endpoint "${requested ?? match[1]}".`, 404);
      const snapshot = opts.snapshot();
      const body: CacheSnapshot = { at: snapshot.at, endpoints: snapshot.endpoints.filter((f) => f.endpointName.toLowerCase() === name.toLowerCase()) };
      return { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(body) };
    },
  };
}

function safeDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
