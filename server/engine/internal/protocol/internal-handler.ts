import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import { parseJsonBody } from "../../protocol/aws-json";
import { required, str, struct } from "../../protocol/shape";
import { validateInput } from "../../protocol/validate-shape";
import type { WarmOutput } from "../../runtime/backend/runtime-backend";
import type { InternalBackend } from "../backend/internal-backend";
import { endpointNotFound, methodNotAllowed, unknownRoute } from "./internal-errors";

export const CAPABILITIES_PATH = "/_mme/capabilities";
const ENDPOINT_ROUTE = /^\/_mme\/endpoints\/([^/]+)\/(residency|warm)$/;

/** A warm request names a model and a variant: a few hundred bytes. */
const MAX_BODY_BYTES = 8 * 1024;

/** InvokeEndpoint's constraints on the same members (its TargetModel and TargetVariant headers). */
const WARM_INPUT = struct({
  TargetModel: required(str({ min: 1, max: 1024, pattern: "\\S[\\p{L}\\p{N}\\p{P}\\p{S}\\p{Zs}]*" })),
  TargetVariant: str({ max: 63, pattern: "[a-zA-Z0-9](-*[a-zA-Z0-9])*" }),
});
type WarmBody = { TargetModel: string; TargetVariant?: string };

/**
 * The engine's developer namespace (`/_mme/`, signed like SageMaker), JSON answers:
 * `GET /_mme/capabilities`, `GET /_mme/endpoints/{EndpointName}/residency`, and
 * `POST /_mme/endpoints/{EndpointName}/warm` with `{"TargetModel", "TargetVariant"?}`, which loads
 * the model on every instance of the endpoint (as a first InvokeEndpoint loads it on one) and
 * answers what each instance did, or InvokeEndpoint's error.
 */
export function createInternalHandler(backend: InternalBackend): ServiceHandler {
  return {
    maxBodyBytes: MAX_BODY_BYTES,
    async handle(req: EngineRequest): Promise<EngineResponse> {
      if (req.path === CAPABILITIES_PATH) {
        if (req.method !== "GET") throw methodNotAllowed(req.method, req.path);
        return json(await backend.capabilities());
      }
      const match = ENDPOINT_ROUTE.exec(req.path);
      if (!match) throw unknownRoute(req.method, req.path);
      const route = match[2] as "residency" | "warm";
      const allowed = route === "warm" ? "POST" : "GET";
      if (req.method !== allowed) throw methodNotAllowed(req.method, req.path, allowed);
      const requested = safeDecode(match[1]!);
      if (requested === undefined) throw endpointNotFound(match[1]!);
      if (route === "residency") return json(backend.residency(requested));
      const body = validateInput<WarmBody>(WARM_INPUT, parseJsonBody(req.body));
      const out = await backend.warm(requested, { requestId: req.requestId, targetModel: body.TargetModel, targetVariant: body.TargetVariant });
      return json(warmAnswer(out));
    },
  };
}

function warmAnswer(out: WarmOutput) {
  return {
    EndpointName: out.endpointName,
    TargetModel: out.targetModel,
    Instances: out.instances.map((i) => ({ VariantName: i.variantName, InstanceId: i.instanceId, Index: i.index, WasResident: i.wasResident, LoadMs: i.loadMs })),
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
